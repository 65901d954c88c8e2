"""Sharing a petition: plain links (no third-party scripts) that the thank-you state and the confirmed page show."""

from urllib.parse import quote, urlencode

from django.utils.translation import gettext


def share_links(url, text):
    """Links that share `url` with `text` by e-mail and on the common networks."""
    email = urlencode({"subject": text, "body": f"{text}\n{url}"}, quote_via=quote)
    return [
        {"label": gettext("E-mail"), "url": f"mailto:?{email}"},
        {"label": "X", "url": f"https://x.com/intent/post?{urlencode({'text': text, 'url': url})}"},
        {"label": "Facebook", "url": f"https://www.facebook.com/sharer/sharer.php?{urlencode({'u': url})}"},
        {"label": "WhatsApp", "url": f"https://wa.me/?{urlencode({'text': f'{text} {url}'})}"},
    ]
