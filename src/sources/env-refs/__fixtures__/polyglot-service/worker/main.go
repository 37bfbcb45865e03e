package main

import (
	"log"
	"os"
)

func main() {
	// os.Getenv("COMMENTED_OUT") stays a comment
	queue := os.Getenv("QUEUE_URL")
	if v, ok := os.LookupEnv("WORKER_CONCURRENCY"); ok {
		log.Println(v)
	}
	region := os.Getenv(`AWS_REGION`)
	verbose := os.Getenv("VERBOSE") == "1"
	key := "DATABASE_URL"
	db := os.Getenv(key)
	log.Println(queue, region, verbose, db, "http://example.com//path")
}
