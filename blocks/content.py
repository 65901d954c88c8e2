"""Content blocks for a campaign page body. Each renders with its template in blocks/templates/blocks/ and gives the
API a representation a frontend can render without further requests (resolved links, image renditions).

Child blocks name their labels, as Wagtail would derive them from the names, so that the labels can be translated."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock as WagtailEmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text import expand_db_html

# Rendition specs offered to templates (srcset) and to API clients.
IMAGE_RENDITIONS = {"small": "width-400", "medium": "width-800", "large": "width-1600"}


def image_api_representation(image, alt_text, request):
    """An image as an API client needs it: alt text and ready-made renditions with absolute URLs, on the host
    serving `request` (or where the storage serves media, when that is another host)."""
    if image is None:
        return None
    renditions = image.get_renditions(*IMAGE_RENDITIONS.values())
    return {
        "id": image.pk,
        "title": image.title,
        "alt": alt_text,
        "renditions": {
            name: {
                "url": request.build_absolute_uri(renditions[spec].url),
                "width": renditions[spec].width,
                "height": renditions[spec].height,
            }
            for name, spec in IMAGE_RENDITIONS.items()
        },
    }


class HeadingBlock(blocks.StructBlock):
    """A section heading at level 2, 3 or 4."""

    text = blocks.CharBlock(max_length=200, label=_("Text"))
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3")), ("h4", _("Heading 4"))], default="h2", label=_("Level")
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        description = _("A section heading")
        preview_value = {"text": "Why the unit matters", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    """Rich text; the API receives the same HTML the page shows, with internal links resolved."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"])
        super().__init__(**kwargs)

    def get_api_representation(self, value, context=None):
        return expand_db_html(value.source)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph_block.html"
        description = _("Formatted text")
        preview_value = "<p>Every week the unit finds people forced into work they cannot leave.</p>"


class ImageBlock(blocks.StructBlock):
    """An image with the alt text that describes it and an optional caption."""

    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        max_length=255, label=_("Alt text"), help_text=_("Describe the image for people who cannot see it.")
    )
    caption = blocks.CharBlock(required=False, max_length=255, label=_("Caption"))

    def get_api_representation(self, value, context=None):
        return {
            "image": image_api_representation(value["image"], value["alt_text"], context["request"]),
            "caption": value["caption"],
        }

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        description = _("An image with alt text and a caption")


class QuoteBlock(blocks.StructBlock):
    """A pull quote with who said it."""

    text = blocks.TextBlock(label=_("Text"))
    attribution = blocks.CharBlock(required=False, max_length=200, label=_("Attribution"))

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        description = _("A quotation with its attribution")
        preview_value = {
            "text": "Closing the unit would send the wrong message to the people it protects.",
            "attribution": "A support worker",
        }


class EmbedBlock(WagtailEmbedBlock):
    """A video, map or post from a site that supports oEmbed, by its URL."""

    def get_api_representation(self, value, context=None):
        if value is None:
            return None
        return {"url": value.url, "html": value.html}

    class Meta:
        icon = "media"
        template = "blocks/embed_block.html"
        description = _("A video, map or post embedded by its URL")


class CallToActionValue(blocks.StructValue):
    def url(self):
        page = self.get("page")
        return page.url if page else self.get("link_url")


class CallToActionBlock(blocks.StructBlock):
    """A prominent button that sends readers to a page of this site or to another URL."""

    label = blocks.CharBlock(max_length=80, label=_("Label"))
    page = blocks.PageChooserBlock(required=False, label=_("Page"))
    link_url = blocks.URLBlock(required=False, label=_("URL"))

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("link_url")):
            message = gettext("Choose a page or enter a URL (one of the two).")
            raise blocks.StructBlockValidationError(block_errors={"page": ValidationError(message)})
        return value

    def get_api_representation(self, value, context=None):
        page = value.get("page")
        return {
            "label": value["label"],
            "url": page.full_url if page else value.get("link_url"),
            "page": page.pk if page else None,
        }

    class Meta:
        icon = "link"
        template = "blocks/call_to_action_block.html"
        value_class = CallToActionValue
        description = _("A button linking to a page or URL")
        preview_value = {"label": "Write to the commissioner", "link_url": "https://example.org/"}
