# Prost, one environment per state: namespaces, Secrets, ArgoCD and the root Application; ArgoCD
# does the rest. <environment>.tfvars chooses what differs, <environment>.backend.hcl where its state lives.
module "prost" {
  source = "../modules/prost-platform"

  environment             = var.environment
  automated_sync          = var.automated_sync
  repo_url                = var.repo_url
  apps_target_revision    = "main"
  prost_target_revision   = null # argocd/apps/values-<env>.yaml decides
  create_root_application = var.create_root_application

  mongodb_hosts   = var.mongodb_hosts
  mongodb_options = var.mongodb_options

  mongodb_root_password   = var.mongodb_root_password
  mongodb_replica_set_key = var.mongodb_replica_set_key
  redis_password          = var.redis_password
  rabbitmq_password       = var.rabbitmq_password
  rabbitmq_erlang_cookie  = var.rabbitmq_erlang_cookie
  minio_root_password     = var.minio_root_password
  jwt_secret              = var.jwt_secret
  telegram_bot_token      = var.telegram_bot_token
  telegram_webhook_secret = var.telegram_webhook_secret
  internal_api_token      = var.internal_api_token
}
