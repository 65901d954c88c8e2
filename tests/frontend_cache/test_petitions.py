"""Editing, translating or closing a petition purges every page that shows it, in every language, and its own page
and embed; signing purges nothing."""

import pytest

from petitions.models import Petition, PetitionTranslation

PAGES = [
    "http://localhost/campaigns/save-the-unit/",
    "http://localhost/cy/campaigns/save-the-unit/",
    "http://localhost/fr/campaigns/save-the-unit/",
]


def petition_urls(pk, roots=("http://localhost", "http://testserver")):
    return [
        f"{root}{prefix}/petitions/{pk}/{view}"
        for root in roots
        for prefix in ("", "/cy", "/fr")
        for view in ("", "embed/")
    ]


@pytest.fixture
def petition(db):
    return Petition.objects.create(title="Keep the unit open", target="The Commissioner", ask="Keep it open.")


@pytest.fixture
def page(make_campaign_page, petition, translate):
    """The petition on a page published in English, Welsh and French."""
    page = make_campaign_page(body=[{"type": "petition", "value": {"petition": petition.pk}}])
    translate(page, "cy")
    translate(page, "fr")
    return page


def test_editing_a_petition_purges_its_pages_in_every_language_and_its_embed(
    page, petition, purged, django_capture_on_commit_callbacks
):
    purged.clear()
    petition.ask = "Keep the unit open, and fund it."
    with django_capture_on_commit_callbacks(execute=True):
        petition.save()
    assert sorted(purged) == sorted([*PAGES, *petition_urls(petition.pk)])


def test_closing_a_petition_purges_the_same(page, petition, purged, django_capture_on_commit_callbacks):
    purged.clear()
    petition.is_closed = True
    with django_capture_on_commit_callbacks(execute=True):
        petition.save(update_fields=["is_closed"])
    assert sorted(purged) == sorted([*PAGES, *petition_urls(petition.pk)])


def test_a_petition_saved_with_its_translations_purges_each_url_once(
    page, petition, purged, django_capture_on_commit_callbacks
):
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        petition.save()
        PetitionTranslation.objects.create(petition=petition, language="cy", title="Cadwch yr uned ar agor")
        PetitionTranslation.objects.create(petition=petition, language="fr", title="Gardez l'unité ouverte")
    assert sorted(purged) == sorted([*PAGES, *petition_urls(petition.pk)])


def test_a_petition_on_no_page_purges_its_own_page_and_embed(petition, purged, django_capture_on_commit_callbacks):
    petition.title = "Open the unit again"
    with django_capture_on_commit_callbacks(execute=True):
        petition.save()
    assert sorted(purged) == sorted(petition_urls(petition.pk, roots=["http://testserver"]))


def test_nothing_is_purged_before_the_change_commits(page, petition, purged, django_capture_on_commit_callbacks):
    purged.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        petition.save()
    assert purged == []
    for callback in callbacks:
        callback()
    assert purged


def test_signing_purges_nothing(page, petition, purged, client, settings, django_capture_on_commit_callbacks):
    settings.PETITIONS_RATE_LIMIT = "off"
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/v2/petitions/{petition.pk}/signatures/",
            {"name": "Ada", "email": "ada@example.org"},
            content_type="application/json",
        )
    assert response.status_code in (200, 201, 202)
    assert purged == []


def test_without_a_frontend_cache_nothing_is_purged_and_nothing_fails(
    page, petition, purged, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {}
    purged.clear()
    petition.is_closed = True
    with django_capture_on_commit_callbacks(execute=True):
        petition.save()
    assert purged == []
