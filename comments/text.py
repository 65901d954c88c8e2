"""Comment text is plain text: this finds the links in it and turns it into escaped HTML with those links."""

import re

from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString

# A web address starts with a scheme or "www." and runs to the next space or character that cannot be part of
# one; trailing punctuation ("see https://example.org.") belongs to the sentence, not the address.
URL_PATTERN = re.compile(r"(?:\bhttps?://|\bwww\.)[^\s<>\"'`]+", re.IGNORECASE)
TRAILING_PUNCTUATION = ".,:;!?'\")]}"


def _trim(url):
    while url and url[-1] in TRAILING_PUNCTUATION:
        # Keep a closing bracket that closes one inside the address, as in Wikipedia links.
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def find_urls(text):
    """The web addresses in `text`, as (start, end) spans."""
    spans = []
    for match in URL_PATTERN.finditer(text):
        url = _trim(match.group())
        if url.lower() not in ("http://", "https://", "www."):
            spans.append((match.start(), match.start() + len(url)))
    return spans


def count_links(text):
    return len(find_urls(text))


def linkify(text):
    """`text` as HTML: every piece escaped, addresses as rel="nofollow ugc" links, paragraphs and line breaks kept."""
    pieces = []
    position = 0
    for start, end in find_urls(text):
        url = text[start:end]
        href = url if "://" in url else f"https://{url}"
        pieces.append(escape(text[position:start]))
        pieces.append(f'<a href="{escape(href)}" rel="nofollow ugc">{escape(url)}</a>')
        position = end
    pieces.append(escape(text[position:]))
    # Every piece above is escaped, so linebreaks must not escape again.
    return SafeString(linebreaks("".join(pieces), autoescape=False))
