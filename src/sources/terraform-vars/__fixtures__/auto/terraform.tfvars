region = "eu-west-1"
node_count = 2
