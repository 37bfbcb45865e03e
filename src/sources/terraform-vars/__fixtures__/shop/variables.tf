variable "instance_type" {
  type = string
}

variable "db_password" {
  type      = string
  sensitive = true
  # a "}" in a comment does not end the block
}

variable "node_groups" {
  type = map(object({ min_size = number, max_size = number }))
}

variable "support_contact" {
  type      = string
  sensitive = true
}
