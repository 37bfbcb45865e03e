# Staging: small and cheap.
environment    = "staging"
instance_type  = "t3.small"
node_count     = 1
min_size       = 1
max_size       = 2
db_instance_class = "db.t3.micro"
allocated_storage = 20
multi_az       = false
db_password    = "correct-horse-battery-staple"
allowed_cidrs  = ["10.0.0.0/16"]
tags = {
  team        = "shop"
  cost_center = "cc-42"
}
node_groups = {
  general = {
    instance_types = ["t3.medium"]
    min_size       = 1
    max_size       = 2
  }
}
support_contact = "oncall-staging"
