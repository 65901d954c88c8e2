"""Issue 16 item 13: a petition panel showing the visitor something of their own is sent `Cache-Control: private`."""

from .conftest import form_data


def is_private(response):
    return "private" in response.get("Cache-Control", "")


def test_the_page_everyone_gets_is_not_private(client, petition_page):
    assert not is_private(client.get(petition_page.url))


def test_the_form_shown_again_with_its_errors_is_private(client, petition_page, petition):
    response = client.post(f"/petitions/{petition.pk}/sign/", form_data(email="not-an-address", next=petition_page.url))

    assert "not-an-address" in response.text
    assert is_private(response)


def test_the_embed_shown_again_with_its_errors_is_private(client, petition):
    embed = f"/petitions/{petition.pk}/embed/"
    response = client.post(f"/petitions/{petition.pk}/sign/", form_data(email="not-an-address", next=embed))

    assert "not-an-address" in response.text and is_private(response)


def test_the_thank_you_state_is_private(client, petition_page, petition):
    response = client.post(f"/petitions/{petition.pk}/sign/", form_data(next=petition_page.url), follow=True)

    assert "Nearly done" in response.text and is_private(response)
