"""campaign_common.languages: which language a JSON endpoint answers in."""

from django.test import RequestFactory
from django.utils import translation

from campaign_common.languages import requested_language


def test_accept_language_names_the_language():
    request = RequestFactory().get("/api/v2/petitions/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9,en;q=0.5")
    assert requested_language(request) == "fr"


def test_an_unsupported_language_gives_the_default_language():
    request = RequestFactory().get("/api/v2/petitions/", HTTP_ACCEPT_LANGUAGE="de")
    with translation.override("cy"):
        assert requested_language(request, default="cy") == "en"


def test_without_accept_language_the_given_default_or_the_active_language():
    request = RequestFactory().get("/api/v2/petitions/")
    assert requested_language(request, default="cy") == "cy"
    with translation.override("fr"):
        assert requested_language(request) == "fr"
