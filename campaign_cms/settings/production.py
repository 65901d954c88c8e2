"""Production: secrets and hosts from the environment, PostgreSQL and Redis, HTTPS only, db task workers."""

from django.core.exceptions import ImproperlyConfigured

from .base import *
from .env import env_bool, env_int, env_list, env_str, env_url

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", required=True)
# Old keys while links and sessions signed with them should still work (docs/deploy.md: rotating SECRET_KEY).
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", required=True)
# The site's public address, which every link in an e-mail starts with (settings/base.py).
WAGTAILADMIN_BASE_URL = env_url("WAGTAILADMIN_BASE_URL", required=True)
DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 600)

# django-tasks-db: the tasks wait in the database for the workers (manage.py db_worker).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Several app servers share one media folder (a shared volume or object storage) and serve collected static
# files through WhiteNoise; both folders can live outside the code (docs/deploy.md).
MEDIA_ROOT = env_str("MEDIA_ROOT", str(MEDIA_ROOT))
STATIC_ROOT = env_str("STATIC_ROOT", str(STATIC_ROOT))

# Public forms need reCAPTCHA in production; RECAPTCHA_DISABLED=true is the explicit way to run without it.
if not (RECAPTCHA_PUBLIC_KEY and RECAPTCHA_PRIVATE_KEY) and not env_bool("RECAPTCHA_DISABLED", False):
    raise ImproperlyConfigured(
        "The environment variables RECAPTCHA_PUBLIC_KEY and RECAPTCHA_PRIVATE_KEY must be set "
        "(or RECAPTCHA_DISABLED=true to run without reCAPTCHA)."
    )

# HTTPS everywhere; SECURE_SSL_REDIRECT=false only where a proxy already redirects (or for local benchmarks).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Load balancers probe app servers over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
if env_bool("BEHIND_HTTPS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
