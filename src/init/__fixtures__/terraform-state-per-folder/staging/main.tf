resource "google_compute_instance" "web" {
  machine_type = "e2-small"
}
