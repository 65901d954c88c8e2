"""The comments app's settings, each with its default. Every other module reads them from here.

| setting                           | default        | meaning                                                         |
|-----------------------------------|----------------|-----------------------------------------------------------------|
| COMMENTS_MODERATION               | "first_time"   | "all" holds every comment; "first_time" holds them until the    |
|                                   |                | e-mail address has an approved comment; "none" holds none       |
| COMMENTS_MAX_LINKS                | 2              | hold a comment with at least this many links (0: no limit)      |
| COMMENTS_CLOSE_AFTER_DAYS         | None           | close commenting this many days after a page is first published |
| COMMENTS_EDIT_WINDOW              | 15 minutes     | how long an author may edit or delete a comment (a timedelta)   |
| COMMENTS_RATE_LIMIT               | "5/300s"       | comments per client IP in any span of the period (django-       |
|                                   |                | ratelimit syntax), or "off" (also turns the next one off)       |
| COMMENTS_INVALID_RATE_LIMIT       | "30/300s"      | refused posts (typos, failed captcha) per client IP, counted    |
|                                   |                | apart so that they do not use up the one above; or "off"        |
| COMMENTS_TRUSTED_PROXY_COUNT      | 0              | reverse proxies in front of the app that append to              |
|                                   |                | X-Forwarded-For; 0 uses the connecting address                  |
| COMMENTS_REQUIRE_LOGIN            | False          | only signed-in users may comment                                |
| COMMENTS_LOGIN_URL                | LOGIN_URL      | where the "log in to comment" link goes                         |
| COMMENTS_MODERATOR_NOTIFICATION   | "each"         | "each": an e-mail per held comment; "digest": the               |
|                                   |                | send_comment_digest command mails a summary; "off"              |
| COMMENTS_MODERATOR_EMAILS         | []             | who moderates; empty: active users allowed to change comments   |
| COMMENTS_NOTIFY_PAGE_OWNER        | False          | e-mail the page's owner about each new comment                  |
| COMMENTS_BODY_MAX_LENGTH          | 5000           | longest comment, in characters                                  |
| COMMENTS_EMAIL_RETRY_DELAYS       | 60, 300, 1800, | seconds before each new try at an e-mail the mail server did    |
|                                   | 7200 (seconds) | not take; then it gives up (needs a backend that defers tasks)  |
| COMMENTS_CACHE_SECONDS            | 300            | how long the threads every visitor sees stay cached (changes    |
|                                   |                | through this app clear them at once); 0 turns the cache off     |
| COMMENTS_REPLIES_SHOWN            | 20             | replies of each thread shown on a page of threads, first in     |
|                                   |                | thread order, with a link to the whole thread; the API's        |
|                                   |                | default `replies_limit`                                         |
| COMMENTS_COOKIE_SECURE            | as SESSION_    | send this app's cookies (remembered name, own comments) only    |
|                                   | COOKIE_SECURE  | over HTTPS; also on for any request that came over HTTPS        |

Links in e-mails (replies, unsubscribing, the moderation queue) start with Wagtail's WAGTAILADMIN_BASE_URL, the
site's public root URL, which must be set.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from campaign_common.ratelimit import parse_rate

MODERATION_CHOICES = ("all", "first_time", "none")
MODERATOR_NOTIFICATION_CHOICES = ("each", "digest", "off")


def _setting(name, default):
    return getattr(settings, f"COMMENTS_{name}", default)


def _choice(name, default, choices):
    value = _setting(name, default)
    if value not in choices:
        raise ImproperlyConfigured(f"COMMENTS_{name} must be one of {', '.join(choices)}, not {value!r}.")
    return value


def _whole_number(name, default, *, allow_none=False):
    value = _setting(name, default)
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ImproperlyConfigured(f"COMMENTS_{name} must be a whole number of at least 0, not {value!r}.")
    return value


def moderation():
    return _choice("MODERATION", "first_time", MODERATION_CHOICES)


def max_links():
    return _whole_number("MAX_LINKS", 2)


def close_after_days():
    return _whole_number("CLOSE_AFTER_DAYS", None, allow_none=True)


def edit_window():
    value = _setting("EDIT_WINDOW", timedelta(minutes=15))
    if not isinstance(value, timedelta):
        raise ImproperlyConfigured(f"COMMENTS_EDIT_WINDOW must be a datetime.timedelta, not {value!r}.")
    return value


def _rate(name, default):
    value = _setting(name, default)
    if value in (None, "off"):
        return None
    try:
        parse_rate(value)
    except ImproperlyConfigured:
        raise ImproperlyConfigured(f"COMMENTS_{name} must look like 5/300s or be off, not {value!r}.") from None
    return value


def rate_limit():
    """The rate string of comments posted, or None when rate limiting is off."""
    return _rate("RATE_LIMIT", "5/300s")


def invalid_rate_limit():
    """The rate string of refused posts, or None when it is off."""
    return _rate("INVALID_RATE_LIMIT", "30/300s")


def trusted_proxy_count():
    return _whole_number("TRUSTED_PROXY_COUNT", 0)


def require_login():
    return bool(_setting("REQUIRE_LOGIN", False))


def login_url():
    return _setting("LOGIN_URL", settings.LOGIN_URL)


def moderator_notification():
    return _choice("MODERATOR_NOTIFICATION", "each", MODERATOR_NOTIFICATION_CHOICES)


def moderator_emails():
    return list(_setting("MODERATOR_EMAILS", []))


def notify_page_owner():
    return bool(_setting("NOTIFY_PAGE_OWNER", False))


def body_max_length():
    value = _whole_number("BODY_MAX_LENGTH", 5000)
    if value < 1:
        raise ImproperlyConfigured("COMMENTS_BODY_MAX_LENGTH must be at least 1.")
    return value


def email_retry_delays():
    value = _setting("EMAIL_RETRY_DELAYS", (60, 300, 1800, 7200))
    if any(isinstance(delay, bool) or not isinstance(delay, int) or delay < 0 for delay in value):
        raise ImproperlyConfigured(f"COMMENTS_EMAIL_RETRY_DELAYS must be whole numbers of seconds, not {value!r}.")
    return tuple(value)


def cache_seconds():
    return _whole_number("CACHE_SECONDS", 300)


def replies_shown():
    return _whole_number("REPLIES_SHOWN", 20)


def check_all():
    """Read every setting once so that a bad value stops start-up (see apps.py)."""
    for read in (
        moderation,
        max_links,
        close_after_days,
        edit_window,
        rate_limit,
        invalid_rate_limit,
        trusted_proxy_count,
        moderator_notification,
        body_max_length,
        email_retry_delays,
        cache_seconds,
        replies_shown,
    ):
        read()


def site_url():
    """The site's root URL without a trailing slash: WAGTAILADMIN_BASE_URL, which links in e-mails start with."""
    url = getattr(settings, "WAGTAILADMIN_BASE_URL", None)
    if not url:
        raise ImproperlyConfigured("WAGTAILADMIN_BASE_URL must be set: links in comment e-mails start with it.")
    return url.rstrip("/")


def cookie_secure():
    return bool(_setting("COOKIE_SECURE", settings.SESSION_COOKIE_SECURE))
