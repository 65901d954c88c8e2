"""Settings shared by every environment. Environment variables are the contract in design.md."""

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy

from campaign_common.tasks import TASKS_MODULE

from .env import env_bool, env_int, env_list, env_str, env_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

INSTALLED_APPS = [
    "campaign_cms",
    "blocks",
    "petitions",
    "comments",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "wagtail_modeladmin",
    "wagtail_headless_preview",
    "modelcluster",
    "taggit",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    # The django-tasks backport is an app before Django 6.0, where tasks are built in (campaign_common.tasks).
    *(["django_tasks"] if TASKS_MODULE == "django_tasks" else []),
    "django_tasks_db",
    "django_recaptcha",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "campaign_cms.middleware.PublicBodySizeLimitMiddleware",
    "campaign_common.personal.PrivateWhenPersonalMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Innermost, so that a 304 it answers still gets the CORS and security headers of the middleware above.
    "campaign_cms.api_caching.APICachingMiddleware",
]

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

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# django-countries gives common English names (COUNTRIES_COMMON_NAMES, on by default) for some countries and ISO's
# short names for the rest; these are the ISO names that readers would not recognise.
COUNTRIES_OVERRIDE = {"NR": gettext_lazy("Nauru"), "BS": gettext_lazy("Bahamas")}

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
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
CORS_URLS_REGEX = r"^/api/.*$"
# Cross-origin scripts may read these too: Retry-After of a 429, and the ETag they can revalidate with.
CORS_EXPOSE_HEADERS = ["Retry-After", "ETag"]

# Headless: the OpenAPI document of our endpoints (campaign_cms/openapi.py), HTTP caching of their GET answers
# (campaign_cms/api_caching.py), previews on an external frontend and the embeddable petition.
REST_FRAMEWORK = {"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"}
SPECTACULAR_SETTINGS = {
    "TITLE": "Campaign CMS API",
    "DESCRIPTION": "Petitions, signatures and comments. Wagtail's pages, images and documents endpoints share the "
    "/api/v2/ router and are documented by Wagtail.",
    "VERSION": "2",
    "OAS_VERSION": "3.1.0",
    "PREPROCESSING_HOOKS": ["campaign_cms.openapi.only_campaign_endpoints"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "campaign_cms.openapi.add_caching_headers",
        "campaign_cms.openapi.nullable_as_type",
    ],
    "SERVE_INCLUDE_SCHEMA": False,
    # Several answers have a `status`, each with its own values: one enum name for each.
    "ENUM_NAME_OVERRIDES": {
        "PetitionStatusEnum": "petitions.models.PetitionStatus",
        "CollectedFieldEnum": "petitions.models.FieldChoice",
        "SigningStatusEnum": "petitions.openapi.SIGNING_STATUSES",
        "PublishedCommentStatusEnum": "comments.openapi.PUBLISHED_STATUSES",
        "HeldCommentStatusEnum": "comments.openapi.HELD_STATUSES",
    },
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
# Seconds clients and shared caches may keep a GET answer, by API endpoint. A petition's count is then at most
# PETITIONS_COUNT_CACHE_SECONDS (server) + this (HTTP) behind: 10 s with the defaults.
API_CACHE_SECONDS = {"wagtailapi:petitions": 5, "wagtailapi:comments": 10}
# HEADLESS_PREVIEW_URL, e.g. http://127.0.0.1:8001/: editors preview campaign pages there; unset, Wagtail previews.
HEADLESS_PREVIEW_URL = env_str("HEADLESS_PREVIEW_URL", "")
WAGTAIL_HEADLESS_PREVIEW = {"CLIENT_URLS": {"default": HEADLESS_PREVIEW_URL}} if HEADLESS_PREVIEW_URL else {}
PETITIONS_EMBED_ALLOWED_ORIGINS = env_list("EMBED_ALLOWED_ORIGINS")

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Request bodies: the Wagtail admin posts whole pages (StreamField JSON), so it keeps Django's 2.5 MB; every other
# URL takes at most PUBLIC_MAX_BODY_SIZE, answered 413 before it is read (campaign_cms.middleware). The largest
# legitimate body is a 5,000-character comment of 4-byte characters, percent- or \u-escaped: about 60 KB.
# The reverse proxy should cap bodies too (docs/deploy.md).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
PUBLIC_MAX_BODY_SIZE = 128 * 1024
PUBLIC_BODY_SIZE_EXEMPT_PREFIXES = ["/admin/"]

# Content-Security-Policy (django-csp): the site's pages run scripts and styles only from its own files (none
# inline), frame oEmbed players and reCAPTCHA from https sites, and are framed by no one (the petition embed
# sets its own frame-ancestors). The Wagtail admin uses inline scripts and styles and is left out; it keeps
# X-Frame-Options, CSRF and its login. Media served from another host needs that host in img-src.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, "https://www.google.com/recaptcha/", "https://www.gstatic.com/recaptcha/"],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": ["https:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

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
