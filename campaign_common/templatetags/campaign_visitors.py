"""`{% if request|signed_in %}`: whether a user is signed in, without reading the session of an anonymous visitor
(which would make the page vary on Cookie; see campaign_common.public_forms)."""

from django import template

from ..public_forms import is_signed_in

register = template.Library()


@register.filter
def signed_in(request):
    return request is not None and is_signed_in(request)
