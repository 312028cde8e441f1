# terraform plan|apply -var-file=prod.tfvars, after terraform init -reconfigure -backend-config=prod.backend.hcl
# No secrets here: they come from TF_VAR_<name> (see variables.tf); prod also needs TF_VAR_mongodb_replica_set_key.
environment    = "prod"
automated_sync = false

# Bitnami MongoDB, architecture replicaset with 3 members (argocd/apps/values-prod.yaml)
mongodb_hosts   = "mongodb-0.mongodb-headless.prost-data.svc.cluster.local:27017,mongodb-1.mongodb-headless.prost-data.svc.cluster.local:27017,mongodb-2.mongodb-headless.prost-data.svc.cluster.local:27017"
mongodb_options = "authSource=admin&replicaSet=rs0"
