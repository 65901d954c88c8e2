"""What keeps signing and showing a petition cheap (see BENCHMARKS.md), and correct while it does."""

import json

import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail.models import ReferenceIndex

from petitions import signing
from petitions.models import Signature

from .conftest import form_data


class BrokenTaskBackend:
    """Stands in for the confirmation task when the task table cannot be written."""

    def enqueue(self, **kwargs):
        raise RuntimeError("the task table is gone")


def sign_by_api(client, petition):
    body = json.dumps(form_data())
    return client.post(f"/api/v2/petitions/{petition.pk}/signatures/", body, content_type="application/json")


def test_a_signature_and_its_confirmation_email_are_stored_together_or_not_at_all(client, petition, monkeypatch):
    monkeypatch.setattr(signing, "send_confirmation_email", BrokenTaskBackend())

    with pytest.raises(RuntimeError):
        sign_by_api(client, petition)

    assert not Signature.objects.exists()


def test_signatures_stay_out_of_wagtails_reference_index(client, petition):
    assert sign_by_api(client, petition).status_code == 202

    signature_type = ContentType.objects.get_for_model(Signature)
    assert not ReferenceIndex.objects.filter(content_type=signature_type).exists()


def test_the_form_on_the_page_follows_changes_to_the_petition_at_once(client, petition_page, petition):
    html = client.get(petition_page.url).text
    assert 'name="comment"' in html and 'name="country"' in html and "United Kingdom" in html

    petition.comment_field = "hidden"
    petition.consent_text = "Tell me about other campaigns."
    petition.save()

    html = client.get(petition_page.url).text
    assert 'name="comment"' not in html and "Tell me about other campaigns." in html


def test_the_country_list_keeps_the_visitors_choice_when_the_form_comes_back(client, petition_page, petition):
    response = client.post(
        f"/petitions/{petition.pk}/sign/", form_data(email="not an address", country="FR", next=petition_page.url)
    )

    assert '<option value="FR" selected>France</option>' in response.content.decode()
