variable "environment" {
  description = "Environment name: selects argocd/apps/values-<environment>.yaml and charts/prost/values-<environment>.yaml."
  type        = string

  validation {
    condition     = contains(["dev", "prod"], var.environment)
    error_message = "environment must be \"dev\" or \"prod\"."
  }
}

variable "namespaces" {
  description = "Namespaces to create: argocd (ArgoCD), app (Prost), data (MongoDB, Redis, RabbitMQ, MinIO), ingress (HAProxy controller). charts/prost's NetworkPolicies name data and ingress."
  type = object({
    argocd  = string
    app     = string
    data    = string
    ingress = string
  })
  default = {
    argocd  = "argocd"
    app     = "prost"
    data    = "prost-data"
    ingress = "haproxy-controller"
  }
}

variable "argocd_chart_version" {
  description = "Version of the argo-cd Helm chart (argoproj/argo-helm)."
  type        = string
  default     = "7.7.11"
}

variable "repo_url" {
  description = "Git repository holding argocd/apps and charts/prost."
  type        = string
}

variable "apps_target_revision" {
  description = "Branch, tag or commit of argocd/apps the root Application follows."
  type        = string
  default     = "main"
}

variable "prost_target_revision" {
  description = "Branch, tag or commit of charts/prost to deploy; null keeps the one in argocd/apps/values-<environment>.yaml."
  type        = string
  default     = null
}

variable "automated_sync" {
  description = "Let ArgoCD sync the root Application by itself (prune + self-heal). Child Applications follow syncPolicy in argocd/apps/values-<environment>.yaml."
  type        = bool
}

variable "create_root_application" {
  description = "Create the root Application. Its CRD comes with ArgoCD, so the very first apply on an empty cluster sets this false (or uses -target on helm_release.argocd), the second true."
  type        = bool
  default     = true
}

# Backend endpoints inside the cluster (Bitnami release names in the data namespace).
variable "mongodb_hosts" {
  description = "host:port list of MongoDB, as it goes into MONGODB_URL (a replica set lists every member)."
  type        = string
  default     = "mongodb.prost-data.svc.cluster.local:27017"
}

variable "mongodb_options" {
  description = "Query string of MONGODB_URL, e.g. authSource=admin&replicaSet=rs0."
  type        = string
  default     = "authSource=admin"
}

variable "redis_host" {
  description = "host:port of Redis (the Bitnami chart's master Service)."
  type        = string
  default     = "redis-master.prost-data.svc.cluster.local:6379"
}

variable "rabbitmq_host" {
  description = "host:port of RabbitMQ's AMQP listener."
  type        = string
  default     = "rabbitmq.prost-data.svc.cluster.local:5672"
}

variable "rabbitmq_username" {
  description = "RabbitMQ user; must equal backends.rabbitmq.values.auth.username in argocd/apps/values.yaml."
  type        = string
  default     = "prost"
}

variable "minio_root_user" {
  description = "MinIO root user; Prost's events service uses it as MINIO_ACCESS_KEY."
  type        = string
  default     = "prost"
}

# Secrets: pass them as TF_VAR_<name> environment variables or an untracked *.tfvars file, never in git.
variable "mongodb_root_password" {
  description = "MongoDB root password (Bitnami mongodb-root-password); Prost connects as root with authSource=admin."
  type        = string
  sensitive   = true
}

variable "mongodb_replica_set_key" {
  description = "Shared key of the MongoDB replica set members (prod's replicaset architecture)."
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
  description = "RabbitMQ password of rabbitmq_username."
  type        = string
  sensitive   = true
}

variable "rabbitmq_erlang_cookie" {
  description = "Erlang cookie shared by RabbitMQ cluster nodes."
  type        = string
  sensitive   = true
}

variable "minio_root_password" {
  description = "MinIO root password (8 or more characters)."
  type        = string
  sensitive   = true

  validation {
    condition     = length(var.minio_root_password) >= 8
    error_message = "minio_root_password needs at least 8 characters."
  }
}

variable "jwt_secret" {
  description = "Key that signs Prost's JWTs (32 or more characters)."
  type        = string
  sensitive   = true

  validation {
    condition     = length(var.jwt_secret) >= 32
    error_message = "jwt_secret needs at least 32 characters."
  }
}

variable "telegram_bot_token" {
  description = "Telegram bot token; empty runs the bot in dry-run mode."
  type        = string
  sensitive   = true
  default     = ""
}

variable "telegram_webhook_secret" {
  description = "Secret token Telegram sends with each webhook call."
  type        = string
  sensitive   = true
  default     = ""
}

variable "internal_api_token" {
  description = "Shared secret of service-to-service calls (the Telegram bot signing in as a user); empty turns them off."
  type        = string
  sensitive   = true
  default     = ""

  validation {
    condition     = var.internal_api_token == "" || length(var.internal_api_token) >= 32
    error_message = "internal_api_token needs at least 32 characters (or empty to turn internal calls off)."
  }
}
