# terraform init -reconfigure -backend-config=prod.backend.hcl: prod's state, Secret tfstate-default-prost-prod in kube-system
secret_suffix = "prost-prod"
