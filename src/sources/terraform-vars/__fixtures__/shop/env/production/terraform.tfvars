# Production.
environment    = "production"
instance_type  = "m5.large"
node_count     = 3
min_size       = 3
max_size       = 12
db_instance_class = "db.r6g.xlarge"
allocated_storage = 500
multi_az       = true
db_password    = "Tr0ub4dor&3-production-only"
allowed_cidrs  = ["10.0.0.0/16", "10.1.0.0/16"]
tags = {
  team        = "shop"
  cost_center = "cc-42"
}
node_groups = {
  general = {
    instance_types = ["m5.large", "m5a.large"]
    min_size       = 3
    max_size       = 12
  }
}
support_contact = "oncall-prod"
