# Prost prod: namespaces, Secrets, ArgoCD and the root Application; ArgoCD does the rest.
module "prost" {
  source = "../../modules/prost-platform"

  environment             = "prod"
  automated_sync          = false
  repo_url                = var.repo_url
  apps_target_revision    = "main"
  prost_target_revision   = null # argocd/apps/values-<env>.yaml decides
  create_root_application = var.create_root_application

  mongodb_hosts   = "mongodb-0.mongodb-headless.prost-data.svc.cluster.local:27017,mongodb-1.mongodb-headless.prost-data.svc.cluster.local:27017,mongodb-2.mongodb-headless.prost-data.svc.cluster.local:27017"
  mongodb_options = "authSource=admin&replicaSet=rs0"

  mongodb_root_password   = var.mongodb_root_password
  mongodb_replica_set_key = var.mongodb_replica_set_key
  redis_password          = var.redis_password
  rabbitmq_password       = var.rabbitmq_password
  rabbitmq_erlang_cookie  = var.rabbitmq_erlang_cookie
  minio_root_password     = var.minio_root_password
  jwt_secret              = var.jwt_secret
  telegram_bot_token      = var.telegram_bot_token
  telegram_webhook_secret = var.telegram_webhook_secret
}
