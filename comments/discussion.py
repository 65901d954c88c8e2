"""A page's discussion settings, whether it is open, and the language it is held in.

The settings come from the page's comment block. So that this app never imports the block, a block takes part by
having a `get_discussion(value)` method that returns a `Discussion`; the first such block in the page's stream
fields is the page's discussion. A page without one takes no comments.
"""

from dataclasses import dataclass
from datetime import timedelta

import swapper
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.fields import StreamField

from . import conf

OLDEST_FIRST = "oldest"
NEWEST_FIRST = "newest"


@dataclass(frozen=True)
class Discussion:
    """How a page's discussion behaves: open or closed, how deep replies go, how threads are ordered and paged."""

    open: bool = True
    max_depth: int = 5
    order: str = OLDEST_FIRST
    threads_per_page: int = 50


def page_model():
    """The site's page model (Wagtail's page model is swappable)."""
    return swapper.load_model("wagtailcore", "Page")


def get_discussion(page):
    """The discussion settings of `page` (any Page), or None if it has no comment block."""
    specific = page.specific
    for field in specific._meta.get_fields():
        if not isinstance(field, StreamField):
            continue
        stream = getattr(specific, field.name)
        # Find the block by its raw type and convert only that one: converting the others would read what they
        # refer to (a petition, images) for nothing.
        for index, raw in enumerate(stream.raw_data):
            get = getattr(stream.stream_block.child_blocks.get(raw["type"]), "get_discussion", None)
            if get is not None:
                return get(stream[index].value)
    return None


def closed_reason(page, discussion):
    """Why `page` takes no new comments, or "" when it does."""
    if discussion is None or not page.live:
        return gettext("This page does not take comments.")
    if not discussion.open:
        return gettext("Comments are closed on this page.")
    days = conf.close_after_days()
    published = page.first_published_at
    if days is not None and published and timezone.now() >= published + timedelta(days=days):
        return gettext("Comments are closed on this page.")
    return ""


def page_language(page):
    """The language of `page`'s discussion, as LANGUAGES names it: that of the page's Wagtail locale (each translation
    of a page has a discussion of its own), or the site's default language if LANGUAGES has no variant of it."""
    try:
        return translation.get_supported_language_variant(page.locale.language_code)
    except LookupError:
        return settings.LANGUAGE_CODE
