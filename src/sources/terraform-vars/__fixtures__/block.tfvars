region = "eu-west-2"

variable "x" {
  default = 1
}
