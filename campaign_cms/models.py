"""The host project's page types: a campaign index and campaign pages built from StreamField blocks.

Verbose names are spelled out, as Django would derive them, so that they can be translated."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from blocks.body import CampaignBodyBlock
from campaign_common.fields import optional_image
from campaign_common.shared_cache import SharedCacheablePage

from .preview import HeadlessPreviewWhenConfigured, PreviewFramedByThisSite
from .serializers import BodyField, HeroImageField
from .share_cards import page_share_card


class CampaignIndexPage(SharedCacheablePage, PreviewFramedByThisSite, Page):
    """Lists the live campaign pages below it, newest first; anonymous views are cacheable by a shared cache."""

    intro = RichTextField(_("intro"), blank=True, features=["bold", "italic", "link"])
    campaigns_per_page = models.PositiveSmallIntegerField(_("campaigns per page"), default=10)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("campaigns_per_page")]
    subpage_types = ["campaign_cms.CampaignPage"]
    api_fields = [APIField("intro")]

    def get_campaigns(self):
        return (
            CampaignPage.objects.child_of(self)
            .live()
            .public()
            .select_related("hero_image")
            .order_by("-date", "-first_published_at")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(self.get_campaigns(), max(self.campaigns_per_page, 1))
        try:
            campaigns = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            campaigns = paginator.page(1)
        except EmptyPage:
            campaigns = paginator.page(paginator.num_pages)
        context["campaigns"] = campaigns
        context["share_card"] = page_share_card(self, request, description=strip_tags(self.intro))
        return context

    def get_cached_paths(self):
        """Every address of the index that a frontend cache may keep, for purging: each page of its listing (the
        "Newer" link of the second one is ?page=1)."""
        yield "/"
        pages = Paginator(self.get_campaigns(), max(self.campaigns_per_page, 1)).num_pages
        for number in range(1, pages + 1):
            yield f"/?page={number}"

    class Meta:
        verbose_name = _("campaign index page")
        verbose_name_plural = _("campaign index pages")


class CampaignPage(SharedCacheablePage, HeadlessPreviewWhenConfigured, Page):
    """A campaign: an introduction, a hero image and a body built from blocks. With HEADLESS_PREVIEW_URL set, editors
    preview it on that external frontend (campaign_cms/preview.py). Anonymous views are cacheable by a shared cache
    (campaign_common.shared_cache)."""

    intro = models.TextField(
        _("intro"), help_text=_("One or two sentences shown in listings and at the top of the page.")
    )
    hero_image = optional_image(_("hero image"))
    hero_image_alt = models.CharField(
        _("hero image alt text"), max_length=255, blank=True, help_text=_("Leave empty if the image is decorative.")
    )
    date = models.DateField(_("publication date"), default=timezone.localdate)
    body = StreamField(CampaignBodyBlock(), blank=True, verbose_name=_("body"))
    share_image = optional_image(
        _("share image"),
        help_text=_(
            "Shown when the page is shared on social networks, cropped to 1200×630 around its focal point. "
            "Leave empty to share the hero image."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("hero_image_alt"),
        FieldPanel("date"),
        FieldPanel("body"),
    ]
    promote_panels = [*Page.promote_panels, FieldPanel("share_image")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["campaign_cms.CampaignIndexPage"]
    subpage_types = []
    api_fields = [
        APIField("intro"),
        APIField("hero_image", serializer=HeroImageField()),
        APIField("date"),
        APIField("body", serializer=BodyField()),
    ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["share_card"] = self.get_share_card(request)
        return context

    def get_share_card(self, request):
        """Shares the share image, else the hero image (with its alt text); the search description, else the intro."""
        if self.share_image is not None:
            image, image_alt = self.share_image, ""
        else:
            image, image_alt = self.hero_image, self.hero_image_alt
        return page_share_card(self, request, description=self.intro, image=image, image_alt=image_alt, type="article")

    class Meta:
        verbose_name = _("campaign page")
        verbose_name_plural = _("campaign pages")
