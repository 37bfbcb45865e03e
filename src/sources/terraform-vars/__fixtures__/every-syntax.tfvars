/* Every construct a tfvars file may hold. */
name       = "shop" // trailing comment
count_n    = -3
ratio      = 1.5e2
enabled    = true
nothing    = null
escaped    = "tab\there \"quoted\" \u00e9 literal $${not_a_ref}"
list_multi = [
  "a",
  "b", # comment inside
]
map_colon  = { a: 1, "b-c" = "two" }
policy = <<-EOT
    {
      "Version": "2012-10-17"
    }
  EOT
raw = <<EOF
line one
EOF
users = [
  { name = "alice", admin = true },
  { name = "bob", admin = false },
]
