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
  # never in git. Point KUBE_CONFIG_PATH at the cluster before `terraform init`.
  backend "kubernetes" {
    secret_suffix = "prost-dev"
    namespace     = "kube-system"
  }
}
