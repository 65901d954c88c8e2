"""The share card of a campaign page or the campaign index (campaign_common.share_cards): the title and description
of the promote tab (Wagtail's `seo_title` and `search_description`) where an editor gave them, else the page's own."""

from campaign_common.share_cards import ShareCard, share_rendition


def page_share_card(page, request, *, description="", image=None, image_alt="", type="website"):
    """`description` and `image` are the page's fallbacks for a search description and a share image."""
    translations = page.get_translations().live().select_related("locale")
    return ShareCard(
        title=page.seo_title or page.title,
        description=page.search_description or description,
        url=page.get_full_url(request),
        language=page.locale.language_code,
        alternate_languages=[translation.locale.language_code for translation in translations],
        image=share_rendition(image),
        image_alt=image_alt,
        type=type,
    )
