# terraform init -reconfigure -backend-config=dev.backend.hcl: dev's state, Secret tfstate-default-prost-dev in kube-system
secret_suffix = "prost-dev"
