"""Purging campaign pages from the frontend cache when their addresses or their listings change.

Wagtail's `wagtail.contrib.frontend_cache` purges a page itself when it is published or unpublished (and so when a
live page is deleted). This adds what it leaves out: the campaign index that lists a campaign page published,
unpublished or moved, and the old addresses of a page and its descendants after a move or a change of slug.
"""

from django.dispatch import receiver
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from campaign_common.frontend_cache import before_move, is_configured, purge_after_commit

from .models import CampaignIndexPage, CampaignPage


def live_indexes(*pages):
    return [
        page.specific for page in pages if page is not None and page.live and page.specific_class is CampaignIndexPage
    ]


@receiver(page_published, sender=CampaignPage)
@receiver(page_unpublished, sender=CampaignPage)
def campaign_listed_changed(sender, instance, **kwargs):
    """The index above a campaign page lists it: its title, intro and image, or no longer."""
    if is_configured():
        purge_after_commit(pages=live_indexes(instance.get_parent()))


def moved_pages(page, url_path_before, url_path_after):
    """The live pages whose addresses a move took from under `url_path_before` to `url_path_after`, as they are
    now and as they were."""
    pages = [page, *page.get_descendants().live().specific()] if page.live else []
    return [*pages, *(before_move(moved, url_path_before, url_path_after) for moved in pages)]


@receiver(post_page_move)
def page_moved(sender, instance, parent_page_before, parent_page_after, url_path_before, url_path_after, **kwargs):
    """A move gives the page and its descendants new addresses: purge the old and the new ones, and the indexes it
    left and joined. Reordering pages under one parent changes no address."""
    if not is_configured() or url_path_before == url_path_after:
        return
    purge_after_commit(
        pages=[
            *moved_pages(instance.specific, url_path_before, url_path_after),
            *live_indexes(parent_page_before, parent_page_after),
        ]
    )


@receiver(page_slug_changed)
def slug_changed(sender, instance, instance_before, **kwargs):
    """Publishing a new slug moves the page: Wagtail purges its new address, this the old ones."""
    if is_configured():
        purge_after_commit(pages=moved_pages(instance, instance_before.url_path, instance.url_path))
