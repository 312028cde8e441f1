# terraform plan|apply -var-file=dev.tfvars, after terraform init -reconfigure -backend-config=dev.backend.hcl
# No secrets here: they come from TF_VAR_<name> (see variables.tf).
environment    = "dev"
automated_sync = true

# Bitnami MongoDB, architecture standalone (argocd/apps/values.yaml)
mongodb_hosts   = "mongodb.prost-data.svc.cluster.local:27017"
mongodb_options = "authSource=admin"
