variable "kubeconfig_path" {
  description = "kubeconfig of the target cluster."
  type        = string
  default     = "~/.kube/config"
}

variable "kube_context" {
  description = "kubeconfig context of the target cluster; null uses the current context."
  type        = string
  default     = null
}

variable "repo_url" {
  description = "Git repository ArgoCD reads argocd/apps and charts/prost from."
  type        = string
  default     = "https://github.com/prost-app/prost.git"
}

variable "create_root_application" {
  description = "false on the very first apply of an empty cluster (ArgoCD's CRDs do not exist yet), true afterwards."
  type        = bool
  default     = true
}

# What differs between environments: set in <environment>.tfvars (-var-file), no defaults, so a
# plan without one stops instead of falling back to another environment's values.
variable "environment" {
  description = "Environment name (dev or prod): selects argocd/apps/values-<environment>.yaml and charts/prost/values-<environment>.yaml."
  type        = string
}

variable "automated_sync" {
  description = "Let ArgoCD sync the root Application by itself; must equal syncPolicy.automated in argocd/apps/values-<environment>.yaml."
  type        = bool
}

variable "mongodb_hosts" {
  description = "host:port list of MongoDB as it goes into MONGODB_URL (a replica set lists every member)."
  type        = string
}

variable "mongodb_options" {
  description = "Query string of MONGODB_URL, e.g. authSource=admin&replicaSet=rs0."
  type        = string
}

# Secrets: set them as TF_VAR_<name> in the environment (or an untracked *.auto.tfvars), never in git.
variable "mongodb_root_password" {
  description = "MongoDB root password."
  type        = string
  sensitive   = true
}

variable "mongodb_replica_set_key" {
  description = "MongoDB replica set key (needed by prod's replica set)."
  type        = string
  sensitive   = true
  default     = ""
}

variable "redis_password" {
  description = "Redis password."
  type        = string
  sensitive   = true
}

variable "rabbitmq_password" {
  description = "RabbitMQ password."
  type        = string
  sensitive   = true
}

variable "rabbitmq_erlang_cookie" {
  description = "RabbitMQ Erlang cookie."
  type        = string
  sensitive   = true
}

variable "minio_root_password" {
  description = "MinIO root password (8+ characters)."
  type        = string
  sensitive   = true
}

variable "jwt_secret" {
  description = "JWT signing key (32+ characters)."
  type        = string
  sensitive   = true
}

variable "telegram_bot_token" {
  description = "Telegram bot token; empty means dry-run."
  type        = string
  sensitive   = true
  default     = ""
}

variable "telegram_webhook_secret" {
  description = "Telegram webhook secret token."
  type        = string
  sensitive   = true
  default     = ""
}

variable "internal_api_token" {
  description = "Service-to-service secret (32+ characters); empty turns internal calls off."
  type        = string
  sensitive   = true
  default     = ""
}
