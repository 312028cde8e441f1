output "namespaces" {
  description = "Namespaces created, by role (argocd, app, data, ingress)."
  value       = { for role, namespace in kubernetes_namespace_v1.this : role => namespace.metadata[0].name }
}

output "prost_secret_name" {
  description = "Secret charts/prost reads (secrets.existingSecret)."
  value       = kubernetes_secret_v1.prost.metadata[0].name
}

output "backend_secret_names" {
  description = "Secrets the Bitnami charts read, in the data namespace."
  value = {
    mongodb  = kubernetes_secret_v1.mongodb.metadata[0].name
    redis    = kubernetes_secret_v1.redis.metadata[0].name
    rabbitmq = kubernetes_secret_v1.rabbitmq.metadata[0].name
    minio    = kubernetes_secret_v1.minio.metadata[0].name
  }
}

output "argocd_version" {
  description = "Version of the argo-cd chart installed."
  value       = helm_release.argocd.version
}

output "root_application" {
  description = "Name of the root Application (app-of-apps), or null before it is created."
  value       = var.create_root_application ? "prost-${var.environment}" : null
}

output "argocd_admin_password_command" {
  description = "Prints ArgoCD's initial admin password (delete that Secret once SSO or a new password is set)."
  value       = "kubectl -n ${kubernetes_namespace_v1.this["argocd"].metadata[0].name} get secret argocd-initial-admin-secret -o jsonpath='{.data.password}' | base64 -d"
}
