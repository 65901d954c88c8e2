"""Template filters for comment text and counts."""

from django import template
from django.utils.formats import number_format

from ..text import linkify as linkify_text

register = template.Library()


@register.filter
def linkify(text):
    """Plain comment text as escaped HTML with paragraphs, line breaks and rel="nofollow ugc" links."""
    return linkify_text(str(text))


@register.filter
def grouped(number):
    """A count as the active language writes it, digits grouped: 1,234 in English, 1 234 in French."""
    return number_format(number, force_grouping=True)
