terraform {
  required_version = ">= 1.6.0"

  # Versions are pinned exactly in the root module (envs); a module only states what it needs.
  required_providers {
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = ">= 2.35.0, < 3.0.0"
    }
    helm = {
      source  = "hashicorp/helm"
      version = ">= 2.17.0, < 3.0.0"
    }
  }
}
