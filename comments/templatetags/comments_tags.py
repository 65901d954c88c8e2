"""Template filters for comment text."""

from django import template

from ..text import linkify as linkify_text

register = template.Library()


@register.filter
def linkify(text):
    """Plain comment text as escaped HTML with paragraphs, line breaks and rel="nofollow ugc" links."""
    return linkify_text(str(text))
