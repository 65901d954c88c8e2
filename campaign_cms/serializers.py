"""API fields for the page models (Wagtail's API is built on Django REST framework)."""

from django.utils import translation
from rest_framework import serializers

from blocks.content import image_api_representation


class HeroImageField(serializers.Field):
    """The page's hero image with its alt text and renditions, like an image block; null without one."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        return image_api_representation(page.hero_image, page.hero_image_alt, self.context["request"])


class BodyField(serializers.Field):
    """The StreamField body, serialised with the page in the context so that blocks can refer to it
    (the comments block counts the page's comments); Wagtail's own field passes only the request. A page's blocks
    speak its language (a petition's texts, default labels), whichever language the request asks for."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        with translation.override(page.locale.language_code):
            return page.body.stream_block.get_api_representation(page.body, {**self.context, "page": page})
