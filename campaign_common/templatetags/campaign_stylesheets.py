"""`{% stylesheet "petitions/css/petition.css" %}`: a link to one of the apps' stylesheets, once per request.

Our page templates link what they show in their head, and each block template links what it needs, so that a block
on a site's own page is styled too; the request remembers what it has linked, so that no page links a file twice.
Without a request in the context (a block rendered on its own) it always links.
"""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def stylesheet(context, path):
    request = context.get("request")
    if request is not None:
        linked = getattr(request, "campaign_stylesheets", None)
        if linked is None:
            linked = request.campaign_stylesheets = set()
        if path in linked:
            return ""
        linked.add(path)
    return format_html('<link rel="stylesheet" href="{}">', static(path))
