terraform {
  required_version = ">= 1.6.0"

  required_providers {
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = "2.35.1"
    }
    helm = {
      source  = "hashicorp/helm"
      version = "2.17.0"
    }
  }

  # State holds the generated Secrets' values: keep it in the cluster (a Secret in kube-system),
  # never in git. Point KUBE_CONFIG_PATH at the cluster before `terraform init`. Partial
  # configuration: secret_suffix, which keeps each environment's state apart, comes from
  # `terraform init -reconfigure -backend-config=<environment>.backend.hcl`.
  backend "kubernetes" {
    namespace = "kube-system"
  }
}
