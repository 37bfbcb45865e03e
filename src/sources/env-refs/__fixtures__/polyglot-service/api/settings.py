import os
from os import getenv, environ

# os.environ['COMMENTED_OUT'] is not read
SECRET_KEY = os.environ['DJANGO_SECRET_KEY']
DEBUG = os.environ.get('DJANGO_DEBUG', 'false') == 'true'
ALLOWED_HOSTS = os.getenv('ALLOWED_HOSTS', 'localhost').split(',')
DATABASE_URL = getenv('DATABASE_URL')
CELERY_BROKER = environ["CELERY_BROKER_URL"]
SENTRY_DSN = os.environ.get("SENTRY_DSN")
TIMEZONE = os.getenv("TZ") or "UTC"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "api.settings")
os.environ["PYTHONHASHSEED"] = "0"


def host(request):
    return request.environ['HTTP_HOST']


def plugin(name):
    return os.environ.get(f"PLUGIN_{name}")  # dynamic
