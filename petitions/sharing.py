"""Sharing a petition: plain links (no third-party scripts) that the thank-you state and the confirmed page show,
each carrying a `source` that names its channel, and reading that channel back when someone signs from such a link.
The channel is all that is kept: a name from ShareChannel, never anything about the person who shared."""

from urllib.parse import parse_qs, quote, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from campaign_common.share_cards import ShareCard, share_rendition, site_url

from .models import ShareChannel

SOURCE_PARAMETER = "source"


def with_source(url, channel):
    """`url` with ?source=<channel> added to its query."""
    parts = urlsplit(url)
    query = "&".join(part for part in [parts.query, urlencode({SOURCE_PARAMETER: channel})] if part)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def share_links(url, text):
    """Links that share `url` with `text` by e-mail and on the common networks, each with its channel's `source`."""
    email_url = with_source(url, ShareChannel.EMAIL)
    email = urlencode({"subject": text, "body": f"{text}\n{email_url}"}, quote_via=quote)
    x_url = with_source(url, ShareChannel.X)
    whatsapp_url = with_source(url, ShareChannel.WHATSAPP)
    return [
        {"label": gettext("E-mail"), "url": f"mailto:?{email}"},
        {"label": "X", "url": f"https://x.com/intent/post?{urlencode({'text': text, 'url': x_url})}"},
        {
            "label": "Facebook",
            "url": "https://www.facebook.com/sharer/sharer.php?"
            + urlencode({"u": with_source(url, ShareChannel.FACEBOOK)}),
        },
        {"label": "WhatsApp", "url": f"https://wa.me/?{urlencode({'text': f'{text} {whatsapp_url}'})}"},
    ]


def share_box(url, text):
    """The context of petitions/includes/share.html: the page's plain address, the one its "Copy link" copies, the
    one the browser's share sheet shares, and the links of share_links."""
    return {
        "page_url": url,
        "copy_url": with_source(url, ShareChannel.COPY),
        "native_share_url": with_source(url, ShareChannel.NATIVE),
        "share_links": share_links(url, text),
    }


def petition_share_card(petition, request):
    """The share card of the petition's own page in the active language, `petition` being shown in it
    (Petition.in_language). Its other languages are the site's default and those it has a translation in."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    languages = [settings.LANGUAGE_CODE, *(given.language for given in petition.translations.all())]
    return ShareCard(
        title=petition.title,
        description=petition.ask,
        url=site_url(request, reverse("petitions:petition", args=[petition.pk])),
        language=language,
        alternate_languages=[other for other in dict.fromkeys(languages) if other != language],
        image=share_rendition(petition.share_image),
    )


def share_channel(source, referer=""):
    """The channel of the shared link a signature comes from, or "": the posted `source` (which petitions/js/source.js
    copies from the page's address into the form: the cached page cannot hold it), else the `source` in the query of
    the `referer`, for browsers without the script. Anything that is not a known channel is ignored."""
    if not source and referer:
        source = parse_qs(urlsplit(referer).query).get(SOURCE_PARAMETER, [""])[0]
    return source if source in ShareChannel.values else ""
