"""The admin of updates to signers: writing, preview in each language, a test to oneself, sending after a confirmation,
progress, pause and resume, and who may do what."""

import pytest
from wagtail_modeladmin.helpers import AdminURLHelper

from petitions.models import (
    PetitionTranslation,
    PetitionUpdate,
    PetitionUpdateTranslation,
    Signature,
    SignatureStatus,
    UpdateState,
)

from .conftest import user_with_permissions

URLS = AdminURLHelper(PetitionUpdate)


def action_url(action, update):
    return URLS.get_action_url(action, update.pk)


@pytest.fixture
def update(petition):
    return PetitionUpdate.objects.create(
        petition=petition, subject="The commissioner answered", body="<p>She will review the decision.</p>"
    )


@pytest.fixture
def sender(django_user_model):
    """An editor who may send updates."""
    return user_with_permissions(django_user_model, "sender", "change_petition", "send_petitionupdate")


def add_signers(petition, count):
    for number in range(count):
        address = f"signer{number}@example.org"
        Signature.objects.create(
            petition=petition,
            name=f"Signer {number}",
            email=address,
            normalised_email=address,
            status=SignatureStatus.CONFIRMED,
            consent=True,
        )


def test_an_editor_writes_an_update_from_the_petition_report(client, editor, petition):
    client.force_login(editor)
    report = client.get(f"/admin/petitions/petition/inspect/{petition.pk}/")
    assert "No update has been written for this petition" in report.content.decode()
    new_url = f"{URLS.create_url}?petition={petition.pk}"
    assert new_url in report.content.decode()

    form = client.get(new_url)
    assert form.status_code == 200 and f'name="petition" value="{petition.pk}"' in form.content.decode()
    answer = client.post(
        new_url,
        {
            "petition": petition.pk,
            "subject": "News",
            "body": '{"blocks": [{"key": "a", "type": "unstyled", "text": "Good news.", "depth": 0, '
            '"inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}',
            "translations-TOTAL_FORMS": "0",
            "translations-INITIAL_FORMS": "0",
            "translations-MIN_NUM_FORMS": "0",
            "translations-MAX_NUM_FORMS": "1000",
        },
    )
    assert answer.status_code == 302
    update = PetitionUpdate.objects.get()
    assert (update.subject, update.created_by, update.state) == ("News", editor, UpdateState.DRAFT)
    assert "Good news." in update.body


def test_the_preview_shows_the_email_in_each_language_of_the_petition(client, editor, update):
    PetitionTranslation.objects.create(petition=update.petition, language="cy", title="Cadwch yr uned")
    PetitionUpdateTranslation.objects.create(update=update, language="cy", subject="Atebodd y comisiynydd")
    client.force_login(editor)

    page = client.get(action_url("preview", update)).content.decode()

    assert "The commissioner answered" in page and "Atebodd y comisiynydd" in page
    # The Welsh body falls back to the update's own; the e-mail is shown in a sandboxed frame.
    assert page.count("She will review the decision.") == 2 and "sandbox" in page
    assert 'srcdoc="&lt;!DOCTYPE html&gt;' in page
    assert "Cadwch yr uned" in page


def test_a_test_goes_to_the_editors_own_address_in_the_chosen_language(client, editor, update, outbox):
    PetitionUpdateTranslation.objects.create(
        update=update, language="fr", subject="La commissaire a répondu", body="<p>Elle va revoir.</p>"
    )
    PetitionTranslation.objects.create(petition=update.petition, language="fr", title="Gardez l’unité")
    client.force_login(editor)

    answer = client.post(action_url("test", update), {"language": "fr"}, follow=True)

    assert "Test e-mail sent to editor@example.org." in answer.content.decode()
    (message,) = outbox
    assert message.to == ["editor@example.org"] and message.subject == "[Test] La commissaire a répondu"
    assert client.get(action_url("test", update)).status_code == 405


def test_a_test_asks_for_an_address_when_the_editor_has_none(client, editor, update, outbox):
    editor.email = ""
    editor.save()
    client.force_login(editor)

    answer = client.post(action_url("test", update), {"language": "en"}, follow=True)

    assert "Your account has no e-mail address" in answer.content.decode()
    assert outbox == []


def test_a_user_who_cannot_change_petitions_is_refused(client, django_user_model, update, outbox):
    viewer = user_with_permissions(django_user_model, "viewer", "view_petition", "send_petitionupdate")
    client.force_login(viewer)

    for url in (URLS.index_url, action_url("inspect", update), action_url("preview", update)):
        assert client.get(url).status_code in (302, 403)
    client.post(action_url("test", update))
    client.post(action_url("send", update))
    assert outbox == [] and PetitionUpdate.objects.get().state == UpdateState.DRAFT


def test_an_editor_without_the_send_permission_cannot_send(client, editor, update, outbox):
    add_signers(update.petition, 2)
    client.force_login(editor)

    assert "Send to signers" not in client.get(action_url("inspect", update)).content.decode()
    client.post(action_url("send", update))

    assert outbox == [] and PetitionUpdate.objects.get().state == UpdateState.DRAFT


def test_sending_asks_to_confirm_with_the_number_of_signers_then_shows_progress(
    client, sender, update, outbox, django_capture_on_commit_callbacks
):
    add_signers(update.petition, 3)
    Signature.objects.filter(email="signer0@example.org").update(consent=False)
    client.force_login(sender)

    confirmation = client.get(action_url("send", update)).content.decode()
    assert "to <strong>2 signers</strong>" in confirmation
    with django_capture_on_commit_callbacks(execute=True):
        client.post(action_url("send", update))

    page = client.get(action_url("inspect", update)).content.decode()
    assert "Sending the update to 2 signers." in page
    assert len(outbox) == 2
    assert "<td>2</td><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td><td>100%</td>" in page
    # Sent: no longer editable, nor sendable again.
    assert client.get(action_url("edit", update)).status_code in (302, 403)
    client.post(action_url("send", update))
    assert len(outbox) == 2


def test_an_update_is_paused_and_resumed_from_its_page(
    client, sender, update, settings, outbox, django_capture_on_commit_callbacks
):
    settings.PETITIONS_UPDATE_RATE = 1_000_000
    add_signers(update.petition, 3)
    update.state = UpdateState.SENDING
    update.save()
    client.force_login(sender)

    paused = client.post(action_url("pause", update), follow=True).content.decode()
    assert "Paused: sending stops after the current batch." in paused and "Resume" in paused
    assert PetitionUpdate.objects.get().state == UpdateState.PAUSED

    with django_capture_on_commit_callbacks(execute=True):
        resumed = client.post(action_url("resume", update), follow=True).content.decode()
    assert "Sending resumed." in resumed
    assert client.post(action_url("resume", update), follow=True).status_code == 200
    assert PetitionUpdate.objects.get().state == UpdateState.SENT


def test_the_page_of_an_update_refreshes_its_figures_while_it_is_sending(client, sender, update):
    client.force_login(sender)
    refresh = '<meta http-equiv="refresh" content="10">'
    assert refresh not in client.get(action_url("inspect", update)).content.decode()

    update.state = UpdateState.SENDING
    update.save()
    page = client.get(action_url("inspect", update)).content.decode()
    assert refresh in page and "refresh every 10 seconds while it is sending" in page

    update.state = UpdateState.SENT
    update.save()
    assert refresh not in client.get(action_url("inspect", update)).content.decode()


def test_the_list_of_a_petitions_updates_shows_their_state(client, editor, update, make_petition):
    PetitionUpdate.objects.create(petition=make_petition(title="Other"), subject="Elsewhere", body="<p>x</p>")
    client.force_login(editor)

    page = client.get(f"{URLS.index_url}?petition__id__exact={update.petition_id}").content.decode()

    assert "The commissioner answered" in page and "Elsewhere" not in page and "Draft" in page
