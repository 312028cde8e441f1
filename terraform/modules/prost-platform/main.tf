# Bootstraps one Prost environment on an existing cluster: namespaces, the Secrets every workload
# reads (values only from sensitive variables), ArgoCD, and the root Application of argocd/apps.
# From there ArgoCD installs the backends and Prost; terraform does not touch them again.

locals {
  labels = {
    "app.kubernetes.io/part-of"    = "prost"
    "app.kubernetes.io/managed-by" = "terraform"
    "prost.dev/environment"        = var.environment
  }

  mongodb_url = "mongodb://root:${urlencode(var.mongodb_root_password)}@${var.mongodb_hosts}/?${var.mongodb_options}"
  redis_url   = "redis://:${urlencode(var.redis_password)}@${var.redis_host}"
  amqp_url    = "amqp://${var.rabbitmq_username}:${urlencode(var.rabbitmq_password)}@${var.rabbitmq_host}"

  # ArgoCD stopped assessing Application health in 1.8; without it, sync waves of an app-of-apps do
  # not wait for the backends to be healthy before Prost starts.
  application_health_lua = <<-LUA
    hs = { status = "Progressing", message = "" }
    if obj.status ~= nil and obj.status.health ~= nil then
      hs.status = obj.status.health.status
      if obj.status.health.message ~= nil then
        hs.message = obj.status.health.message
      end
    end
    return hs
  LUA

  root_parameters = concat(
    [{ name = "prost.repoURL", value = var.repo_url }],
    var.prost_target_revision == null ? [] : [{ name = "prost.targetRevision", value = var.prost_target_revision }],
  )
}

resource "kubernetes_namespace_v1" "this" {
  for_each = var.namespaces

  metadata {
    name   = each.value
    labels = local.labels
  }
}

# Read by charts/prost through secrets.existingSecret.
resource "kubernetes_secret_v1" "prost" {
  metadata {
    name      = "prost-secrets"
    namespace = kubernetes_namespace_v1.this["app"].metadata[0].name
    labels    = local.labels
  }

  data = {
    MONGODB_URL             = local.mongodb_url
    REDIS_URL               = local.redis_url
    AMQP_URL                = local.amqp_url
    JWT_SECRET              = var.jwt_secret
    MINIO_ACCESS_KEY        = var.minio_root_user
    MINIO_SECRET_KEY        = var.minio_root_password
    TELEGRAM_BOT_TOKEN      = var.telegram_bot_token
    TELEGRAM_WEBHOOK_SECRET = var.telegram_webhook_secret
    INTERNAL_API_TOKEN      = var.internal_api_token
  }
}

# The backends' own Secrets, named in argocd/apps/values.yaml (auth.existingSecret and friends).
resource "kubernetes_secret_v1" "mongodb" {
  metadata {
    name      = "prost-mongodb"
    namespace = kubernetes_namespace_v1.this["data"].metadata[0].name
    labels    = local.labels
  }

  data = merge(
    { "mongodb-root-password" = var.mongodb_root_password },
    var.mongodb_replica_set_key == "" ? {} : { "mongodb-replica-set-key" = var.mongodb_replica_set_key },
  )
}

resource "kubernetes_secret_v1" "redis" {
  metadata {
    name      = "prost-redis"
    namespace = kubernetes_namespace_v1.this["data"].metadata[0].name
    labels    = local.labels
  }

  data = {
    "redis-password" = var.redis_password
  }
}

resource "kubernetes_secret_v1" "rabbitmq" {
  metadata {
    name      = "prost-rabbitmq"
    namespace = kubernetes_namespace_v1.this["data"].metadata[0].name
    labels    = local.labels
  }

  data = {
    "rabbitmq-password"      = var.rabbitmq_password
    "rabbitmq-erlang-cookie" = var.rabbitmq_erlang_cookie
  }
}

resource "kubernetes_secret_v1" "minio" {
  metadata {
    name      = "prost-minio"
    namespace = kubernetes_namespace_v1.this["data"].metadata[0].name
    labels    = local.labels
  }

  data = {
    "root-user"     = var.minio_root_user
    "root-password" = var.minio_root_password
  }
}

resource "helm_release" "argocd" {
  name       = "argocd"
  namespace  = kubernetes_namespace_v1.this["argocd"].metadata[0].name
  repository = "https://argoproj.github.io/argo-helm"
  chart      = "argo-cd"
  version    = var.argocd_chart_version
  wait       = true
  timeout    = 600

  values = [yamlencode({
    configs = {
      cm = {
        "resource.customizations.health.argoproj.io_Application" = local.application_health_lua
      }
    }
  })]
}

resource "kubernetes_manifest" "root_application" {
  count = var.create_root_application ? 1 : 0

  manifest = {
    apiVersion = "argoproj.io/v1alpha1"
    kind       = "Application"
    metadata = {
      name       = "prost-${var.environment}"
      namespace  = kubernetes_namespace_v1.this["argocd"].metadata[0].name
      labels     = local.labels
      finalizers = ["resources-finalizer.argocd.argoproj.io"]
    }
    spec = {
      project = "default"
      source = {
        repoURL        = var.repo_url
        targetRevision = var.apps_target_revision
        path           = "argocd/apps"
        helm = {
          valueFiles = ["values.yaml", "values-${var.environment}.yaml"]
          parameters = local.root_parameters
        }
      }
      destination = {
        server    = "https://kubernetes.default.svc"
        namespace = kubernetes_namespace_v1.this["argocd"].metadata[0].name
      }
      syncPolicy = merge(
        { syncOptions = ["CreateNamespace=false"] },
        var.automated_sync ? { automated = { prune = true, selfHeal = true } } : {},
      )
    }
  }

  depends_on = [helm_release.argocd]
}
