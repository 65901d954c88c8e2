"""Issue 20 item 4: shared links carry a `source`; a signature from one records its channel; the report counts them."""

import csv
import io

import pytest

from petitions.models import Signature, SignatureStatus
from petitions.sharing import share_links

from .conftest import form_data

PETITIONS = "/admin/petitions/petition/"


def sign(client, petition, page, **extra):
    return client.post(f"/petitions/{petition.pk}/sign/", form_data(next=page.url), **extra)


def test_each_share_link_names_its_channel():
    links = {link["label"]: link["url"] for link in share_links("https://example.org/save-it/", "Save it")}

    assert "source%3Demail" in links["E-mail"]
    assert "source%3Dx" in links["X"]
    assert "source%3Dfacebook" in links["Facebook"]
    assert "source%3Dwhatsapp" in links["WhatsApp"]


def test_the_cached_form_carries_an_empty_source_field_that_a_script_fills(client, petition_page):
    html = client.get(f"{petition_page.url}?source=facebook").content.decode()

    assert '<input type="hidden" name="source" value="" data-share-source>' in html
    assert "petitions/js/source.js" in html
    assert "facebook" not in html.split("<main", 1)[1]  # nothing from the visitor's address in the cached HTML


def test_a_signature_from_a_shared_link_records_its_channel(client, petition_page, petition):
    client.post(f"/petitions/{petition.pk}/sign/", form_data(next=petition_page.url, source="whatsapp"))

    assert Signature.objects.get().share_channel == "whatsapp"


def test_without_the_field_the_channel_comes_from_the_referer(client, petition_page, petition):
    sign(client, petition, petition_page, HTTP_REFERER=f"http://testserver{petition_page.url}?source=x")

    assert Signature.objects.get().share_channel == "x"


@pytest.mark.parametrize("source", ["", "myspace", "ada@example.org"])
def test_an_unknown_source_records_no_channel(client, petition_page, petition, source):
    client.post(f"/petitions/{petition.pk}/sign/", form_data(next=petition_page.url, source=source))

    assert Signature.objects.get().share_channel == ""


def test_the_report_counts_confirmed_signatures_per_channel(admin_client, petition):
    for number, channel in enumerate(["facebook", "facebook", "copy", ""]):
        Signature.objects.create(
            petition=petition,
            name=f"Signer {number}",
            email=f"signer{number}@example.org",
            normalised_email=f"signer{number}@example.org",
            status=SignatureStatus.CONFIRMED,
            share_channel=channel,
        )

    html = admin_client.get(f"{PETITIONS}inspect/{petition.pk}/").content.decode()

    assert "<tr><td>Facebook</td><td>2</td></tr>" in html
    assert "<tr><td>Copied link</td><td>1</td></tr>" in html
    assert "<tr><td>No shared link</td><td>1</td></tr>" in html


def test_the_json_endpoint_records_the_channel_it_is_sent(client, petition, api_sign_url):
    client.post(api_sign_url, {**form_data(), "source": "native"}, content_type="application/json")

    assert Signature.objects.get().share_channel == "native"


def test_the_signature_export_says_which_shared_link_each_came_from(admin_client, petition):
    Signature.objects.create(
        petition=petition, name="Ada", email="ada@example.org", normalised_email="ada@example.org", share_channel="x"
    )

    rows = list(
        csv.reader(
            io.StringIO(admin_client.get("/admin/petitions/signature/?export=csv").getvalue().decode("utf-8-sig"))
        )
    )

    assert dict(zip(rows[0], rows[1], strict=True))["Shared by"] == "X"
