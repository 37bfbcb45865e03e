package jobs

fun main() {
    val endpoint = System.getenv("JOBS_ENDPOINT") ?: "http://localhost:8080"
    val token = System.getenv("JOBS_API_TOKEN")
    println("$endpoint $token")
}
