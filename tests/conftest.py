"""Fixtures shared by the whole suite: a campaign index under the default site, and published pages."""

import json

import pytest
from django.db import connection
from django.utils import translation
from wagtail.models import Locale, Page, Site
from wagtail.test.utils.wagtail_factories import ImageFactory

from campaign_cms.models import CampaignIndexPage, CampaignPage
from tests.extraction import extract


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://...)")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded images and renditions go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def home_page(db):
    """The default site's root page, as Wagtail's migrations create it."""
    return Site.objects.get(is_default_site=True).root_page


@pytest.fixture
def campaign_index(home_page):
    return home_page.add_child(instance=CampaignIndexPage(title="Campaigns", slug="campaigns"))


@pytest.fixture
def image(db):
    return ImageFactory(title="A test image")


@pytest.fixture
def make_campaign_page(campaign_index):
    """Publish a campaign page below the index; `body` is a list of {"type": ..., "value": ...} blocks."""

    def make(title="Save the unit", body=(), **fields):
        fields.setdefault("intro", "Help us keep the unit open.")
        page = CampaignPage(title=title, body=json.dumps(list(body)), **fields)
        campaign_index.add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()
        return page

    return make


@pytest.fixture
def translate(db):
    """Publish a translation of a page in `language` ("cy", "fr"), with its parents' where they have none, as an editor
    does with Wagtail's "Translate" action; the copy keeps the page's content (its blocks, so its petition)."""

    def translate(page, language):
        locale, _created = Locale.objects.get_or_create(language_code=language)
        translated = page.get_translation_or_none(locale) or page.copy_for_translation(locale, copy_parents=True)
        for copy in translated.get_ancestors(inclusive=True).filter(depth__gt=1).not_live().specific():
            copy.save_revision().publish()
        return translated.specific_class.objects.get(pk=translated.pk)

    return translate


@pytest.fixture
def root_page(db):
    return Page.get_first_root_node()


@pytest.fixture(autouse=True)
def default_language():
    """LocaleMiddleware activates each request's language in the test's thread, where it would stay for the tests that
    follow: each test starts in the default language."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def clear_cache():
    """Rate limits and cached counts live in the cache, rendered template fragments in theirs: each test starts with
    empty ones."""
    from django.core.cache import caches

    for name in ("default", "template_fragments"):
        caches[name].clear()
    yield
    for name in ("default", "template_fragments"):
        caches[name].clear()


@pytest.fixture(scope="session")
def extracted_catalogues(tmp_path_factory):
    """extracted_catalogues(app) -> {domain: babel Catalog} of the strings makemessages finds in the app's sources
    now; each app is extracted once per test run, for all the tests that ask."""
    made = {}

    def catalogues(app):
        if app not in made:
            made[app] = extract(app, tmp_path_factory.mktemp(f"extract-{app}"))
        return made[app]

    return catalogues
