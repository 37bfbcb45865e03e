region = "eu-west-2"
subnet = var.subnet_id
