output "namespaces" {
  description = "Namespaces created, by role."
  value       = module.prost.namespaces
}

output "root_application" {
  description = "Root Application ArgoCD syncs (watch it with: kubectl -n argocd get applications)."
  value       = module.prost.root_application
}

output "argocd_admin_password_command" {
  description = "Command printing ArgoCD's initial admin password."
  value       = module.prost.argocd_admin_password_command
}
