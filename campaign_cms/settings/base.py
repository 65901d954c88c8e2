"""Settings shared by every environment. Environment variables are the contract in design.md."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy

from campaign_cms import site_settings
from campaign_common.tasks import TASKS_MODULE

from .env import env_bool, env_int, env_list, env_str, env_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

INSTALLED_APPS = [
    # The suite's apps and the apps they need, as an existing site adds them (campaign_cms/site_settings.py).
    *site_settings.APPS,
    "wagtail.contrib.forms",
    # Editors translate pages (Wagtail's "Translate" action) into the locales they manage under Settings > Locales.
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.contrib.redirects",
    # Purges pages from a frontend cache (Varnish, a CDN) when they change; with no backend configured, nothing.
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = site_settings.with_campaign_middleware(
    [
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        # The language of a page from its URL's prefix (/en/, /cy/, /fr/), of the API from Accept-Language.
        "django.middleware.locale.LocaleMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
        "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    ]
)

ROOT_URLCONF = "campaign_cms.urls"
WSGI_APPLICATION = "campaign_cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# DATABASE_URL, e.g. postgres://user@127.0.0.1:5432/campaign; an SQLite file next to manage.py by default.
try:
    DATABASES = {
        "default": dj_database_url.parse(
            env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
            conn_max_age=0,
            conn_health_checks=True,
        )
    }
except ValueError as error:
    raise ImproperlyConfigured(f"The environment variable DATABASE_URL is not a database URL: {error}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wagtail's autosave posts while an editor previews or publishes. SQLite refuses a transaction that turns from
    # reading to writing while another writes ("database is locked"); IMMEDIATE ones take the lock first and wait.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's search index uses PostgreSQL's search fields, which Django 6.1's checks want this app for.
    INSTALLED_APPS.append("django.contrib.postgres")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# REDIS_URL makes the cache (rate limits, counters) shared between processes; local memory otherwise.
# The cache fails open and fast (campaign_cms/cache.py): with Redis down, pages and signing go on without it, short
# timeouts keep a Redis that does not answer from holding requests up, and for a few seconds after a failure the
# cache is skipped altogether.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "campaign_cms.cache.FailOpenRedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Template fragments ({% cache %}, e.g. a petition's form fields) are kept by each process in its own memory: cheaper
# to read than the shared cache, and their keys hold what they depend on, so no process shows an outdated one.
CACHES["template_fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "template_fragments",
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The interface speaks English, Welsh and French; every string is marked for translation (issue 18).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", gettext_lazy("English")), ("cy", gettext_lazy("Cymraeg")), ("fr", gettext_lazy("Français"))]
TIME_ZONE = "UTC"
USE_I18N = True
# Pages are translated with Wagtail's localisation: one tree per language, served under /en/, /cy/ and /fr/
# (campaign_cms/urls.py).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
USE_TZ = True

# django-countries gives common English names (COUNTRIES_COMMON_NAMES, on by default) for some countries and ISO's
# short names for the rest; these are the ISO names that readers would not recognise.
COUNTRIES_OVERRIDE = {"NR": gettext_lazy("Nauru"), "BS": gettext_lazy("Bahamas")}

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
# The host project's own static files (the demo's base styles), beside the apps' static/ folders.
STATICFILES_DIRS = [BASE_DIR / "site_static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Campaign CMS <campaigns@localhost>")

# E-mail and other slow work runs as django-tasks tasks: at once in dev and tests, by db workers in production.
TASKS = {"default": {"BACKEND": f"{TASKS_MODULE}.backends.immediate.ImmediateBackend"}}

RECAPTCHA_PUBLIC_KEY = env_str("RECAPTCHA_PUBLIC_KEY", "")
RECAPTCHA_PRIVATE_KEY = env_str("RECAPTCHA_PRIVATE_KEY", "")

# Petitions: every PETITIONS_* setting and its default is in petitions/conf.py.
PETITIONS_RATE_LIMIT = env_str("PETITIONS_RATE_LIMIT", "5/300s")
PETITIONS_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Comments: every COMMENTS_* setting and its default is in comments/conf.py.
COMMENTS_RATE_LIMIT = env_str("COMMENTS_RATE_LIMIT", "5/300s")
COMMENTS_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = site_settings.CORS_URLS_REGEX
CORS_EXPOSE_HEADERS = site_settings.CORS_EXPOSE_HEADERS

# Headless: the OpenAPI document, HTTP caching of the API's GET answers, previews on an external frontend and the
# embeddable petition.
REST_FRAMEWORK = site_settings.REST_FRAMEWORK
SPECTACULAR_SETTINGS = site_settings.SPECTACULAR_SETTINGS
API_CACHE_SECONDS = site_settings.API_CACHE_SECONDS
# HEADLESS_PREVIEW_URL, e.g. http://127.0.0.1:8001/: editors preview campaign pages there; unset, Wagtail previews.
HEADLESS_PREVIEW_URL = env_str("HEADLESS_PREVIEW_URL", "")
WAGTAIL_HEADLESS_PREVIEW = {"CLIENT_URLS": {"default": HEADLESS_PREVIEW_URL}} if HEADLESS_PREVIEW_URL else {}
PETITIONS_EMBED_ALLOWED_ORIGINS = env_list("EMBED_ALLOWED_ORIGINS")

DATA_UPLOAD_MAX_NUMBER_FIELDS = site_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
DATA_UPLOAD_MAX_MEMORY_SIZE = site_settings.DATA_UPLOAD_MAX_MEMORY_SIZE
PUBLIC_MAX_BODY_SIZE = site_settings.PUBLIC_MAX_BODY_SIZE
PUBLIC_BODY_SIZE_EXEMPT_PREFIXES = site_settings.PUBLIC_BODY_SIZE_EXEMPT_PREFIXES
CONTENT_SECURITY_POLICY = site_settings.CONTENT_SECURITY_POLICY

# FRONTEND_CACHE_VARNISH_URL, e.g. http://127.0.0.1:6081: the Varnish in front of the site (deploy/varnish/), which
# publishing, moderation and editing petitions purge. Unset, nothing is purged. A CDN: docs/deploy.md.
FRONTEND_CACHE_VARNISH_URL = env_url("FRONTEND_CACHE_VARNISH_URL")
WAGTAILFRONTENDCACHE = (
    {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_VARNISH_URL,
        }
    }
    if FRONTEND_CACHE_VARNISH_URL
    else {}
)
# Each translation of a page has an address of its own, which the apps purge page by page: Wagtail's rewriting of a
# URL's language prefix would only add addresses that do not exist.
WAGTAILFRONTENDCACHE_LANGUAGES = []

WAGTAIL_SITE_NAME = "Campaign CMS"
# The site's public root URL, e.g. https://campaigns.example.org: every link in an e-mail starts with it (the
# confirmation, reply, unsubscribe and moderation links). Production requires it; dev defaults to `make run`'s address.
WAGTAILADMIN_BASE_URL = env_url("WAGTAILADMIN_BASE_URL")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
# Unset, the API links to the host that serves each request: Wagtail's endpoints through the Site matching it, ours
# through the request itself. Set it only where the API must always name one host.
WAGTAILAPI_BASE_URL = env_url("WAGTAILAPI_BASE_URL")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
