"""The petition block on a campaign page: what a visitor sees in each state, and what the pages API carries."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db import connection
from django.template import RequestContext, Template
from django.test import Client
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from blocks.petition import PetitionBlock
from petitions.models import PetitionCounter

from .conftest import confirmation_path, form_data


def test_form_shows_only_the_fields_the_petition_collects(client, make_campaign_page, make_petition):
    petition = make_petition(
        postcode_field="required", country_field="hidden", comment_field="hidden", consent_text="Email me updates"
    )
    page = make_campaign_page(body=[{"type": "petition", "value": {"petition": petition.pk}}])

    html = client.get(page.url).content.decode()

    assert f'action="/petitions/{petition.pk}/sign/#petition-{petition.pk}"' in html
    assert 'name="csrfmiddlewaretoken"' not in html  # the page is the same for every visitor (tests/caching)
    assert 'name="name"' in html and 'name="email"' in html and 'name="postcode"' in html
    assert 'name="country"' not in html and 'name="comment"' not in html
    assert "Email me updates" in html
    assert "We never show your e-mail address" in html  # the privacy notice
    assert 'class="hp-field" aria-hidden="true"' in html and 'name="website"' in html
    assert "The Police Commissioner" in html and "Keep the anti-trafficking unit open." in html


def test_block_overrides_heading_intro_and_button(client, make_campaign_page, petition):
    value = {"petition": petition.pk, "heading": "Add your name", "intro": "It takes a minute.", "button_label": "Sign"}
    page = make_campaign_page(body=[{"type": "petition", "value": value}])

    html = client.get(page.url).content.decode()

    assert "Add your name</h2>" in html and "It takes a minute." in html and ">Sign</button>" in html


def test_count_and_progress_toward_the_goal(client, petition_page, petition):
    PetitionCounter.objects.add(petition.pk, 42)

    html = client.get(petition_page.url).content.decode()

    assert '<strong class="petition-count-number">42</strong> people have signed' in html
    assert 'max="100" value="42"' in html


def test_progress_bar_can_be_hidden(client, make_campaign_page, petition):
    page = make_campaign_page(body=[{"type": "petition", "value": {"petition": petition.pk, "show_progress": False}}])

    assert "<progress" not in client.get(page.url).content.decode()


def test_page_with_block_renders_in_few_queries(client, petition_page, django_assert_max_num_queries):
    client.get(petition_page.url)  # warm Wagtail's site and page caches

    with django_assert_max_num_queries(12):
        response = client.get(petition_page.url)
    assert response.status_code == 200


def test_a_page_view_reads_its_published_petition_from_the_cache(client, petition_page, petition):
    client.get(petition_page.url)  # the petition is cached now

    with CaptureQueriesContext(connection) as queries:
        html = client.get(petition_page.url).content.decode()

    assert petition.title in html
    assert not [query for query in queries if 'FROM "petitions_petition"' in query["sql"]]


def test_the_block_gives_each_chosen_petition_published_or_not_in_order(make_petition):
    published, draft = make_petition(title="Published"), make_petition(title="Draft", is_published=False)
    chooser = PetitionBlock().child_blocks["petition"]

    chosen = chooser.bulk_to_python([draft.pk, published.pk, None, published.pk])

    assert [petition and petition.title for petition in chosen] == ["Draft", "Published", None, "Published"]
    assert chosen[1] is not chosen[3]  # an instance of its own for each occurrence, as Wagtail's chooser gives


def test_closed_petition_shows_closed_state_without_form(client, make_campaign_page, make_petition):
    petition = make_petition(closes_at=timezone.now() - timezone.timedelta(days=1))
    page = make_campaign_page(body=[{"type": "petition", "value": {"petition": petition.pk}}])

    html = client.get(page.url).content.decode()

    assert "This petition is closed" in html
    assert "<form" not in html


def test_not_yet_open_petition_says_when_it_opens(client, make_campaign_page, make_petition):
    petition = make_petition(opens_at=timezone.now() + timezone.timedelta(days=2))
    page = make_campaign_page(body=[{"type": "petition", "value": {"petition": petition.pk}}])

    html = client.get(page.url).content.decode()

    assert "This petition opens for signatures on" in html and "<form" not in html


def test_unpublished_petition_is_not_shown(client, make_campaign_page, make_petition):
    petition = make_petition(is_published=False, title="Secret draft")
    page = make_campaign_page(body=[{"type": "petition", "value": {"petition": petition.pk}}])

    assert "Secret draft" not in client.get(page.url).content.decode()


@pytest.mark.parametrize("gone", ["deleted", "unpublished"])
def test_a_page_whose_petition_is_gone_renders_without_error(client, make_campaign_page, make_petition, gone):
    """Issue 16 item 6: the pages API gave `value: null` and the page an empty section."""
    petition = make_petition(title="Gone away")
    page = make_campaign_page(body=[{"type": "petition", "value": {"petition": petition.pk, "heading": "Sign it"}}])
    if gone == "deleted":
        petition.delete()
    else:
        petition.is_published = False
        petition.save()

    html = client.get(page.url).content.decode()
    body = client.get(f"/api/v2/pages/{page.pk}/").json()["body"]

    assert "This petition is not available." in html and "Gone away" not in html
    value = next(block for block in body if block["type"] == "petition")["value"]
    assert value["petition"] is None and value["available"] is False and value["heading"] == "Sign it"


def test_thank_you_state_with_share_links_after_signing(client, petition_page, petition):
    response = client.post(f"/petitions/{petition.pk}/sign/", form_data(next=petition_page.url), follow=True)

    html = response.content.decode()
    assert "Nearly done: check your e-mail to confirm" in html
    page_url = f"http://testserver{petition_page.url}"
    assert_share_links(html, page_url)
    assert "<form" not in html.split(f'id="petition-{petition.pk}"')[1]


def assert_share_links(html, page_url):
    """The address to copy, plain share links, and the Copy link and native share buttons that only our own script
    shows (issue 16 item 25): no third-party script. Each names its channel for the report (issue 20 item 4)."""
    assert f'value="{page_url}?source=copy"' in html and f'<a href="{page_url}">' in html
    assert f'data-share-native-url="{page_url}?source=native"' in html
    for share in ("mailto:?subject=", "https://x.com/intent/post?", "facebook.com/sharer", "https://wa.me/?text="):
        assert share in html
    assert re.search(r'<button type="button"[^>]* data-share-copy hidden>Copy link</button>', html)
    assert re.search(r'<button type="button"[^>]* data-share-native hidden>Share…</button>', html)
    # Our share script, and on a petition panel the live count's (tests/caching/test_live_count.py): nothing else.
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert scripts[0] == "/static/petitions/js/share.js"
    assert scripts[1:] in ([], ["/petitions/jsi18n/", "/static/petitions/js/count.js"])
    script = Path(finders.find("petitions/js/share.js")).read_text()
    assert "navigator.share" in script and "navigator.clipboard" in script


def test_while_pending_the_panel_says_nearly_done_and_thanks_no_one_yet(client, petition_page, petition):
    """Issue 16 item 24: "Thank you for signing" was shown before the signature was confirmed."""
    response = client.post(f"/petitions/{petition.pk}/sign/", form_data(next=petition_page.url), follow=True)
    panel = response.content.decode().split(f'id="petition-{petition.pk}"')[1]

    assert "Nearly done: check your e-mail to confirm" in panel
    assert petition.thank_you_text not in panel and "Thank you" not in panel


def test_without_confirmation_the_panel_thanks_the_signer(client, make_campaign_page, make_petition):
    petition = make_petition(requires_confirmation=False)
    page = make_campaign_page(body=[{"type": "petition", "value": {"petition": petition.pk}}])
    html = client.post(f"/petitions/{petition.pk}/sign/", form_data(next=page.url), follow=True).content.decode()

    assert "Thank you, your signature has been added." in html and petition.thank_you_text in html
    assert "Nearly done" not in html


def test_the_confirmed_page_has_the_share_links_it_asks_for(client, petition_page, petition, outbox):
    """Issue 16 item 24: the confirmed page said "please share" with nothing to share with."""
    client.post(f"/petitions/{petition.pk}/sign/", form_data(next=petition_page.url))
    path = confirmation_path(outbox[0])
    client.post(path)

    html = client.get(path).content.decode()
    assert "Thank you, your signature is confirmed" in html and petition.thank_you_text in html
    assert_share_links(html, f"http://testserver{petition_page.url}")


def test_a_refused_signature_on_a_closed_petition_shows_one_closed_message(client, make_campaign_page, make_petition):
    """Issue 16 item 24: the refusal and the closed notice both said the petition was closed."""
    petition = make_petition(is_closed=True)
    page = make_campaign_page(body=[{"type": "petition", "value": {"petition": petition.pk}}])

    html = client.post(f"/petitions/{petition.pk}/sign/", form_data(next=page.url)).content.decode()

    assert html.count("This petition is closed") == 1


def test_the_progress_bar_has_an_accessible_name(client, petition_page, petition):
    """Issue 16 item 25."""
    PetitionCounter.objects.add(petition.pk, 42)

    html = client.get(petition_page.url).content.decode()

    assert re.search(r'<progress class="petition-progress" [^>]*aria-label="42 of 100 signatures"', html)


def test_pages_api_carries_the_petition(client, petition_page, petition):
    PetitionCounter.objects.add(petition.pk, 7)

    body = client.get(f"/api/v2/pages/{petition_page.pk}/").json()["body"]

    block = next(block for block in body if block["type"] == "petition")
    data = block["value"]["petition"]
    assert {"signature_count", "goal", "status", "closes_at", "collected_fields", "urls"} <= data.keys()
    assert data["signature_count"] == 7 and data["status"] == "open" and data["goal"] == 100
    assert data["urls"]["sign"] == f"http://testserver/api/v2/petitions/{petition.pk}/signatures/"
    assert data["collected_fields"] == {"postcode": "optional", "country": "optional", "comment": "optional"}
    assert block["value"]["button_label"] == "Sign the petition"
    assert block["value"]["available"] is True


def test_the_form_fields_are_rendered_once_and_both_visitors_get_the_same_page_and_sign(petition_page, petition):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    rendered = first.get(petition_page.url)
    from_cache = second.get(petition_page.url)

    fields_template = "petitions/includes/form_fields.html"
    assert fields_template in [template.name for template in rendered.templates]
    assert fields_template not in [template.name for template in from_cache.templates]
    assert rendered.text == from_cache.text
    for visitor in (first, second):
        data = form_data(email=f"{id(visitor)}@example.org")
        assert visitor.post(f"/petitions/{petition.pk}/sign/", data).status_code == 302
    assert petition.signatures.count() == 2


def test_the_panel_follows_the_count_and_the_petition(client, petition_page, petition):
    client.get(petition_page.url)

    PetitionCounter.objects.add(petition.pk, 42)
    cache.clear()  # the count is cached for PETITIONS_COUNT_CACHE_SECONDS
    assert '<strong class="petition-count-number">42</strong>' in client.get(petition_page.url).text

    petition.ask = "Keep the unit open and fund it."
    petition.consent_text = "Tell me how it goes."
    petition.save()
    html = client.get(petition_page.url).text
    assert "Keep the unit open and fund it." in html and "Tell me how it goes." in html

    petition.is_closed = True
    petition.save()
    html = client.get(petition_page.url).text
    assert "This petition is closed" in html and "<form" not in html


def test_a_form_shown_again_with_errors_is_the_visitors_own(client, petition_page, petition):
    client.get(petition_page.url)  # the empty form's fields are cached now

    response = client.post(
        f"/petitions/{petition.pk}/sign/", form_data(name="Ada Byron", email="not an address", next=petition_page.url)
    )

    html = response.text
    assert 'value="Ada Byron"' in html and "Enter a valid email address." in html
    assert 'value="Ada Byron"' not in client.get(petition_page.url).text


def test_with_recaptcha_each_view_gets_a_widget_of_its_own(client, petition_page, captcha):
    widget_ids = [re.search(r'data-widget-uuid="([0-9a-f]+)"', client.get(petition_page.url).text)[1] for _ in range(2)]
    assert widget_ids[0] != widget_ids[1]


def test_with_recaptcha_the_cached_form_fields_come_with_a_captcha_and_both_visitors_sign(
    petition_page, petition, captcha
):
    visitors = [Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)]
    pages = [visitor.get(petition_page.url).text for visitor in visitors]

    for visitor, html in zip(visitors, pages, strict=True):
        assert html.count('class="field field-captcha"') == 1 and 'name="email"' in html
        data = form_data(email=f"{id(visitor)}@example.org", **{"g-recaptcha-response": f"token-{id(visitor)}"})
        assert visitor.post(f"/petitions/{petition.pk}/sign/", data).status_code == 302
    assert petition.signatures.count() == 2


def test_the_cached_form_fields_are_kept_apart_by_language(rf, petition):
    rendered = []

    def record(sender, template, **kwargs):
        rendered.append(template.name)

    def panel():
        template = Template("{% load petition_tags %}{% petition_panel petition %}")
        return template.render(RequestContext(rf.get("/"), {"petition": petition}))

    template_rendered.connect(record)
    try:
        panel(), panel()
        with translation.override("fr"):
            panel()
    finally:
        template_rendered.disconnect(record)

    assert rendered.count("petitions/includes/form_fields.html") == 2
