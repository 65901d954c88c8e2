"""Model fields the apps declare alike."""

from django.db import models


def optional_image(verbose_name, **kwargs):
    """A Wagtail image that may be left empty; deleting the image empties the field."""
    return models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        **kwargs,
    )
