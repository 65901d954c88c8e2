"""Local development: DEBUG on, SQLite, local-memory cache, e-mail printed to the console."""

from .base import *
from .env import env_bool, env_list, env_str, env_url

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
# `make run` passes its own address (http://$(HOST):$(PORT)), so links in e-mails reach the server it starts.
WAGTAILADMIN_BASE_URL = env_url("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
# The example frontend (`make headless-demo`, examples/headless/) calls the API and embeds petitions from here.
HEADLESS_DEMO_ORIGINS = ["http://127.0.0.1:8001", "http://localhost:8001"]
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", HEADLESS_DEMO_ORIGINS)
PETITIONS_EMBED_ALLOWED_ORIGINS = env_list("EMBED_ALLOWED_ORIGINS", HEADLESS_DEMO_ORIGINS)
