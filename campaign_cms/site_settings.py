"""Settings the suite needs in any site, in one module that the host project's settings and an existing site's
settings both import (README: Add to an existing Wagtail site). Importing it loads nothing of Django's but the
settings-free `csp.constants`, so a settings module can import it first.

`MIDDLEWARE_BEFORE_SESSIONS` go after Django's SecurityMiddleware, `MIDDLEWARE_LAST` at the end of MIDDLEWARE:
`with_campaign_middleware(MIDDLEWARE)` puts each where it belongs.
"""

from csp.constants import NONE, SELF

from campaign_common.tasks import TASKS_MODULE

APPS = [
    "campaign_cms",
    "blocks",
    "petitions",
    "comments",
    "webhooks",
    # Before django_recaptcha, whose includes it replaces with ones that a Content-Security-Policy allows.
    "campaign_common",
    "wagtail.api.v2",
    "wagtail_modeladmin",
    "wagtail_headless_preview",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "csp",
    "django_recaptcha",
    "django_tasks_db",
    # Before Django 6.0 tasks come from the django-tasks backport, an app of its own; Django 6 has them built in.
    *(["django_tasks"] if TASKS_MODULE == "django_tasks" else []),
]

MIDDLEWARE_BEFORE_SESSIONS = [
    # Bodies over PUBLIC_MAX_BODY_SIZE outside PUBLIC_BODY_SIZE_EXEMPT_PREFIXES are answered 413 before being read.
    "campaign_cms.middleware.PublicBodySizeLimitMiddleware",
    # `Cache-Control: public` on the pages every anonymous visitor shares, `private` when anything makes them personal.
    "campaign_common.shared_cache.SharedCacheMiddleware",
    # `Cache-Control: private` on any answer that shows a visitor something of their own.
    "campaign_common.personal.PrivateWhenPersonalMiddleware",
    "csp.middleware.CSPMiddleware",
    "corsheaders.middleware.CorsMiddleware",
]
# Innermost, so that a 304 it answers still gets the CORS and security headers of the middleware above.
MIDDLEWARE_LAST = ["campaign_cms.api_caching.APICachingMiddleware"]


def with_campaign_middleware(middleware):
    """`middleware` (a site's MIDDLEWARE) with the suite's middleware added where each must go."""
    security = "django.middleware.security.SecurityMiddleware"
    position = middleware.index(security) + 1 if security in middleware else 0
    return [*middleware[:position], *MIDDLEWARE_BEFORE_SESSIONS, *middleware[position:], *MIDDLEWARE_LAST]


CORS_URLS_REGEX = r"^/api/.*$"
# Cross-origin scripts may read these too: Retry-After of a 429, and the ETag they can revalidate with.
CORS_EXPOSE_HEADERS = ["Retry-After", "ETag"]

# The OpenAPI document of our endpoints (campaign_cms/openapi.py) and its docs page from local static files.
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
    # The webhooks app's events, as webhooks.openapi documents them.
    "WEBHOOKS": [
        "webhooks.openapi.signature_confirmed",
        "webhooks.openapi.signature_rejected",
        "webhooks.openapi.signature_erased",
        "webhooks.openapi.petition_milestone",
        "webhooks.openapi.comment_published",
    ],
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
# Seconds clients and shared caches may keep a GET answer, by API endpoint. The count a page shows is then at most
# PETITIONS_COUNT_CACHE_SECONDS (server) + this (HTTP) + the page's refresh interval (petitions/js/count.js) behind:
# 3 + 2 + 5 = 10 s with the defaults.
API_CACHE_SECONDS = {"wagtailapi:petitions": 2, "wagtailapi:comments": 10}

# Request bodies: the Wagtail admin posts whole pages (StreamField JSON), so it keeps Django's 2.5 MB; every other
# URL takes at most PUBLIC_MAX_BODY_SIZE, answered 413 before it is read (campaign_cms.middleware). The largest
# legitimate body is a 5,000-character comment of 4-byte characters, percent- or \\u-escaped: about 60 KB.
# The reverse proxy should cap bodies too (docs/deploy.md).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
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
