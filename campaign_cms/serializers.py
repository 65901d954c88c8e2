"""API fields for the page models (Wagtail's API is built on Django REST framework)."""

from rest_framework import serializers

from blocks.content import image_api_representation


class HeroImageField(serializers.Field):
    """The page's hero image with its alt text and renditions, like an image block; null without one."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        return image_api_representation(page.hero_image, page.hero_image_alt)
