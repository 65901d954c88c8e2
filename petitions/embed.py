"""The embeddable petition: `/petitions/<id>/embed/` (views.embed) shows just the petition panel (count, progress,
form, thank-you state) for an iframe on another site.

Only this view, and the sign view when it answers a post from here, may be framed, and only by this site and the
origins in PETITIONS_EMBED_ALLOWED_ORIGINS: `Content-Security-Policy: frame-ancestors` names them, and the response
is exempt from X-Frame-Options, which cannot name origins. Every other page keeps X-Frame-Options.

Signing works in two ways. The panel's HTML form posts to the sign view with this page as `next`, so success
redirects back here (POST-redirect-GET) with the thank-you state and errors are shown here. An anonymous visitor's
form needs no CSRF token (the embed is cached for everyone: campaign_common.public_forms), but the thank-you state is
a cookie that stays SameSite=Lax, so in an iframe on another site (a third-party context) browsers do not send it.
Instead of loosening the site's cookies to SameSite=None, petitions/js/embed.js signs through the JSON endpoint, which
is same-origin from inside the iframe, and shows the answer's thank-you message; the HTML form remains for browsers
without JavaScript.
"""

from django.conf import settings
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext

from .conf import app_settings

EMBED_TEMPLATE = "petitions/embed.html"


def embed_path(petition):
    return reverse("petitions:embed", args=[petition.pk])


def frame_ancestors():
    """The CSP sources that may frame the embed: this site and PETITIONS_EMBED_ALLOWED_ORIGINS, or any with "*"."""
    origins = [origin.rstrip("/") for origin in app_settings.EMBED_ALLOWED_ORIGINS]
    return ["*"] if "*" in origins else ["'self'", *origins]


def content_security_policy():
    """The site's policy with `frame-ancestors` replaced, where django-csp is configured; else that directive alone.

    The header is built here because a CSP middleware leaves a response's own header alone: the embed keeps the rest
    of the site's policy (script-src and so on) instead of losing it.
    """
    try:
        from csp.utils import build_policy
    except ImportError:
        build_policy = None
    if build_policy is not None and getattr(settings, "CONTENT_SECURITY_POLICY", None):
        return build_policy(replace={"frame-ancestors": frame_ancestors()})
    return "frame-ancestors " + " ".join(frame_ancestors())


def allow_framing(response):
    response.xframe_options_exempt = True
    response["Content-Security-Policy"] = content_security_policy()
    return response


def render_embed(request, petition, status=200):
    """The embed page, in the active language; a form the sign view hands over on the request is shown with its
    errors."""
    petition_path = reverse("petitions:petition", args=[petition.pk])
    context = {
        "petition": petition.in_language(),
        "petition_url": request.build_absolute_uri(petition_path),
        "sign_api_url": reverse(f"{app_settings.API_URL_NAMESPACE}:sign", args=[petition.pk]),
    }
    return allow_framing(TemplateResponse(request, EMBED_TEMPLATE, context, status=status))


def embed_code(request, petition):
    """The iframe that editors copy into a page of another site (shown in the petition's admin report)."""
    return format_html(
        '<iframe src="{}" title="{}" width="100%" height="760" style="border: 0;" loading="lazy"></iframe>',
        request.build_absolute_uri(embed_path(petition)),
        gettext("Petition: %(title)s") % {"title": petition.title},
    )
