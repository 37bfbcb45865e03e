"""Consumes the order queue."""
import os

QUEUE = os.environ["QUEUE_NAME"]
CONCURRENCY = int(os.environ.get("QUEUE_CONCURRENCY", "4"))
JOB_TIMEOUT = int(os.getenv("JOB_TIMEOUT_SECONDS", "60"))
DATABASE_URL = os.environ["DATABASE_URL"]
SENTRY_DSN = os.environ.get("SENTRY_DSN")
EMAIL_PROVIDER_URL = os.environ["EMAIL_PROVIDER_URL"]
RETRY_MAX = int(os.environ["RETRY_MAX"])
