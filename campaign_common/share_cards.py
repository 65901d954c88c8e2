"""Share cards: the Open Graph and Twitter card metadata that link previews on social networks and chat apps read,
with the page's canonical link. A view or page puts a ShareCard in its context as `share_card`; the host's base
template renders it with campaign_common/includes/share_card.html. A card holds only what the page shows everyone,
so that shared caches can keep the page (campaign_common.shared_cache)."""

from dataclasses import dataclass, field
from urllib.parse import urljoin

from django.utils import translation
from wagtail.images.models import AbstractRendition
from wagtail.models import Site

# The size the networks recommend for a large preview (1.91:1); Wagtail crops the image to it around its focal point.
SHARE_IMAGE_FILTER = "fill-1200x630"

# Open Graph names locales language_TERRITORY; a language not listed here is named by its language alone.
OPEN_GRAPH_LOCALES = {"en": "en_GB", "cy": "cy_GB", "fr": "fr_FR"}


def open_graph_locale(language_code):
    return OPEN_GRAPH_LOCALES.get(language_code) or translation.to_locale(language_code)


def share_rendition(image):
    """The image's rendition for share cards, or None without an image."""
    return image.get_rendition(SHARE_IMAGE_FILTER) if image is not None else None


def site_url(request, path):
    """`path` as an absolute URL on the site that answers `request`, as Wagtail's pages give their full URL."""
    site = Site.find_for_request(request)
    return urljoin(site.root_url if site is not None else request.build_absolute_uri("/"), path)


@dataclass(frozen=True)
class ShareCard:
    """What a page looks like when shared. `url` is its canonical absolute URL in its own language; `language` is
    that language and `alternate_languages` the others it is published in."""

    title: str
    description: str
    url: str
    language: str
    alternate_languages: list[str] = field(default_factory=list)
    image: AbstractRendition | None = None
    image_alt: str = ""
    type: str = "website"

    @property
    def image_url(self):
        # Relative with the default storage, absolute with a remote one: either way absolute on the page's site.
        return urljoin(self.url, self.image.url) if self.image is not None else ""

    @property
    def locale(self):
        return open_graph_locale(self.language)

    @property
    def alternate_locales(self):
        return [open_graph_locale(language) for language in self.alternate_languages if language != self.language]

    @property
    def twitter_card(self):
        return "summary_large_image" if self.image is not None else "summary"
