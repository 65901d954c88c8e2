"""Issue 19 item 3: a cached page's count stays live. The panel shows the count of its HTML, and petitions/js/count.js
refreshes it from the petition's endpoint, which shared caches keep for a few seconds only (the script itself runs in
the browser journeys, tests/e2e)."""

import re
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.test import Client

from petitions.conf import app_settings
from petitions.models import PetitionCounter


def test_the_panel_names_the_endpoint_its_script_refreshes_the_count_from(campaign_page, petition, translate):
    for page in (campaign_page, translate(campaign_page, "fr")):
        html = Client().get(page.url).text
        assert f'data-count-url="/api/v2/petitions/{petition.pk}/" data-count="0"' in html
        scripts = re.findall(r'<script src="([^"]+)"', html)
        catalogue = "/fr/petitions/jsi18n/" if page.url.startswith("/fr/") else "/petitions/jsi18n/"
        assert scripts.index(catalogue) < scripts.index("/static/petitions/js/count.js")


def test_the_endpoint_is_shared_for_two_seconds_and_follows_the_count(campaign_page, petition, settings):
    url = f"/api/v2/petitions/{petition.pk}/"
    response = Client().get(url, HTTP_ACCEPT_LANGUAGE="fr")
    assert response["Cache-Control"] == "public, max-age=2" and not response.cookies
    assert response.json()["signature_count"] == 0

    PetitionCounter.objects.add(petition.pk, 3)
    cache.clear()  # the server keeps the count PETITIONS_COUNT_CACHE_SECONDS
    assert Client().get(url, HTTP_ACCEPT_LANGUAGE="fr").json()["signature_count"] == 3


def test_a_visitor_sees_a_count_at_most_ten_seconds_behind(settings):
    """The server's count cache, the endpoint's HTTP max-age and the page's refresh interval add up to 10 s."""
    script = Path(finders.find("petitions/js/count.js")).read_text()
    refresh = re.search(r"REFRESH_MILLISECONDS = (\d+);", script)
    behind = app_settings.COUNT_CACHE_SECONDS + settings.API_CACHE_SECONDS["wagtailapi:petitions"]
    assert behind + int(refresh.group(1)) / 1000 <= 10


def test_the_scripts_words_are_in_the_pages_language(campaign_page):
    catalogue = Client().get("/fr/petitions/jsi18n/").text
    assert "personnes ont sign\\u00e9" in catalogue or "personnes ont signé" in catalogue
    assert "signatures sur" in catalogue and '"THOUSAND_SEPARATOR": "\\u00a0"' in catalogue


def test_a_closed_petition_is_not_refreshed(campaign_page, petition):
    petition.is_closed = True
    petition.save()
    html = Client().get(campaign_page.url).text
    assert "data-count-url" not in html and "count.js" not in html
