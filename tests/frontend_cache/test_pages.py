"""Publishing, unpublishing, moving and renaming campaign pages purge their addresses and the index that lists them."""

import pytest
from wagtail.models import Page

from campaign_cms.models import CampaignIndexPage

PAGE = "http://localhost/campaigns/save-the-unit/"
INDEX = ["http://localhost/campaigns/", "http://localhost/campaigns/?page=1"]


def addresses(urls):
    """The URLs without their trailing slashes: on a move or a change of slug, Wagtail's redirects app purges the old
    address both with and without it, as its redirect matches both."""
    return {url.rstrip("/") for url in urls}


@pytest.fixture
def page(make_campaign_page):
    return make_campaign_page()


def test_publishing_a_campaign_page_purges_it_and_its_index(page, purged, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert sorted(purged) == sorted([PAGE, *INDEX])


def test_unpublishing_a_campaign_page_purges_it_and_its_index(page, purged, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert sorted(purged) == sorted([PAGE, *INDEX])


def test_deleting_a_live_campaign_page_purges_it_and_its_index(page, purged, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page.delete()
    assert sorted(purged) == sorted([PAGE, *INDEX])


def test_the_index_purges_every_page_of_its_listing(campaign_index, make_campaign_page):
    campaign_index.campaigns_per_page = 2
    for number in range(5):
        make_campaign_page(title=f"Campaign {number}")
    assert list(campaign_index.get_cached_paths()) == ["/", "/?page=1", "/?page=2", "/?page=3"]


def test_moving_a_page_purges_its_old_and_new_addresses_and_both_indexes(
    page, home_page, purged, django_capture_on_commit_callbacks
):
    other_index = home_page.add_child(instance=CampaignIndexPage(title="Archive", slug="archive"))
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=page.pk).move(other_index, pos="last-child")
    assert addresses(purged) == addresses(
        [
            PAGE,
            "http://localhost/archive/save-the-unit/",
            *INDEX,
            "http://localhost/archive/",
            "http://localhost/archive/?page=1",
        ]
    )


def test_moving_an_index_purges_the_old_and_new_addresses_of_its_pages(
    page, campaign_index, home_page, purged, django_capture_on_commit_callbacks
):
    section = home_page.add_child(instance=Page(title="Section", slug="section"))
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=campaign_index.pk).move(section, pos="last-child")
    assert addresses(purged) == addresses(
        [
            *INDEX,
            PAGE,
            "http://localhost/section/campaigns/",
            "http://localhost/section/campaigns/?page=1",
            "http://localhost/section/campaigns/save-the-unit/",
        ]
    )


def test_reordering_pages_purges_nothing(page, make_campaign_page, purged, django_capture_on_commit_callbacks):
    other = make_campaign_page(title="Another campaign")
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=other.pk).move(page, pos="left")
    assert purged == []


def test_publishing_a_new_slug_purges_the_old_address_too(page, purged, django_capture_on_commit_callbacks):
    page.slug = "keep-the-unit"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert addresses(purged) == addresses([PAGE, "http://localhost/campaigns/keep-the-unit/", *INDEX])


def test_without_a_frontend_cache_nothing_is_purged_and_nothing_fails(
    page, home_page, purged, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {}
    other_index = home_page.add_child(instance=CampaignIndexPage(title="Archive", slug="archive"))
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
        Page.objects.get(pk=page.pk).move(other_index, pos="last-child")
        page.unpublish()
    assert purged == []
