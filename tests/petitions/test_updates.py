"""Updates to signers: who gets one, each in their language, batches at a rate, pausing, unsubscribing, and sending
resumed after the mail server failed and after a worker died, with no one getting a second copy."""

import asyncio
import email
import smtplib
import socket
import threading
from collections import Counter

import pytest
from aiosmtpd.controller import Controller
from django.core.mail.backends.locmem import EmailBackend as OutboxBackend
from django.core.mail.backends.smtp import EmailBackend
from django.core.management import call_command

from petitions import tasks, updates
from petitions.models import (
    DeliveryState,
    PetitionTranslation,
    PetitionUpdate,
    PetitionUpdateTranslation,
    Signature,
    SignatureStatus,
    UpdateDelivery,
    UpdateState,
)
from petitions.privacy import erase_personal_data
from petitions.tokens import make_unsubscribe_token


def add_signer(petition, number, **fields):
    fields = {"status": SignatureStatus.CONFIRMED, "consent": True, **fields}
    address = fields.pop("email", f"signer{number}@example.org")
    return Signature.objects.create(
        petition=petition, name=f"Signer {number}", email=address, normalised_email=address, **fields
    )


@pytest.fixture
def update(petition, admin_user):
    return PetitionUpdate.objects.create(
        petition=petition,
        subject="The commissioner answered",
        body='<p>She will <b>review</b> the decision. <a href="https://example.org/answer">Read her answer</a>.</p>',
        created_by=admin_user,
    )


@pytest.fixture
def fast(settings):
    """Batches of 10, with no pause worth the name between them."""
    settings.PETITIONS_UPDATE_BATCH_SIZE = 10
    settings.PETITIONS_UPDATE_RATE = 1_000_000


def start(update, capture):
    with capture(execute=True):
        return tasks.start_update(update)


def test_recipients_are_the_confirmed_consenting_signers_not_unsubscribed_or_anonymised(petition, make_petition):
    wanted = add_signer(petition, 1)
    add_signer(petition, 2, consent=False)
    add_signer(petition, 3, status=SignatureStatus.PENDING)
    add_signer(petition, 4, status=SignatureStatus.REJECTED)
    add_signer(petition, 5, anonymised_at="2026-01-01T00:00Z")
    add_signer(petition, 6, updates_unsubscribed_at="2026-01-01T00:00Z")
    add_signer(petition, 7, email="")
    add_signer(make_petition(title="Another"), 8)
    update = PetitionUpdate.objects.create(petition=petition, subject="News", body="<p>News</p>")

    assert list(updates.recipients(petition)) == [wanted]
    assert updates.queue(update) == 1
    assert list(update.deliveries.values_list("signature_id", "state")) == [(wanted.pk, DeliveryState.QUEUED)]
    update.refresh_from_db()
    assert (update.state, updates.progress(update).recipients) == (UpdateState.SENDING, 1)


def test_queuing_writes_every_recipient_in_one_statement(update, django_assert_max_num_queries):
    for number in range(40):
        add_signer(update.petition, number)

    # Savepoint, the locked update, the INSERT ... SELECT, the update's new state, release: whatever the number.
    with django_assert_max_num_queries(5):
        assert updates.queue(update) == 40
    assert update.deliveries.filter(state=DeliveryState.QUEUED).count() == 40


def test_an_update_is_queued_once(update):
    add_signer(update.petition, 1)
    updates.queue(update)
    with pytest.raises(updates.UpdateStateError):
        updates.queue(PetitionUpdate.objects.get(pk=update.pk))
    assert update.deliveries.count() == 1


def test_each_signer_gets_the_update_in_their_language_falling_back_to_its_own(
    update, outbox, django_capture_on_commit_callbacks
):
    PetitionTranslation.objects.create(petition=update.petition, language="fr", title="Gardez l’unité")
    PetitionUpdateTranslation.objects.create(
        update=update, language="fr", subject="La commissaire a répondu", body="<p>Elle va revoir sa décision.</p>"
    )
    PetitionUpdateTranslation.objects.create(update=update, language="cy", subject="", body="")
    add_signer(update.petition, 1, language="fr")
    add_signer(update.petition, 2, language="cy")
    add_signer(update.petition, 3, language="en")

    start(update, django_capture_on_commit_callbacks)

    by_address = {message.to[0]: message for message in outbox}
    french, welsh, english = (by_address[f"signer{number}@example.org"] for number in (1, 2, 3))
    assert french.subject == "La commissaire a répondu"
    assert "Elle va revoir sa décision." in french.body and "Gardez l’unité" in french.body
    assert "/fr/petitions/unsubscribe/" in french.extra_headers["List-Unsubscribe"]
    assert welsh.subject == english.subject == "The commissioner answered"
    assert "/cy/petitions/unsubscribe/" in welsh.extra_headers["List-Unsubscribe"]
    html, _type = english.alternatives[0]
    assert "<b>review</b>" in html and "Read her answer (https://example.org/answer)" in english.body
    assert english.extra_headers["Content-Language"] == "en"


def test_each_message_has_one_click_unsubscribe_and_a_stable_message_id(
    update, outbox, django_capture_on_commit_callbacks
):
    signer = add_signer(update.petition, 1)
    start(update, django_capture_on_commit_callbacks)

    (message,) = outbox
    link = f"http://testserver/petitions/unsubscribe/{make_unsubscribe_token(signer.pk)}/"
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["Message-ID"] == f"<petition-update-{update.pk}-{signer.pk}@testserver>"
    assert link in message.body and link in message.alternatives[0][0]
    assert message.from_email == "Campaign CMS <campaigns@localhost>"


def test_a_get_of_the_unsubscribe_link_only_asks_and_its_post_unsubscribes(client, update):
    signer = add_signer(update.petition, 1)
    url = f"/petitions/unsubscribe/{make_unsubscribe_token(signer.pk)}/"

    page = client.get(url)
    assert page.status_code == 200 and b'<form method="post">' in page.content
    assert "private" in page["Cache-Control"] and "no-store" in page["Cache-Control"]
    signer.refresh_from_db()
    assert signer.updates_unsubscribed_at is None

    # As a mail client posts it (RFC 8058): no CSRF token, no session.
    answer = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200 and "You are unsubscribed" in answer.content.decode()
    assert "private" in answer["Cache-Control"]
    assert b"signer1@example.org" not in answer.content
    signer.refresh_from_db()
    assert signer.updates_unsubscribed_at is not None
    assert client.post(url).status_code == 200  # twice is fine


def test_a_tampered_unsubscribe_link_is_refused_and_one_for_an_erased_signer_is_not_found(client, update):
    signer = add_signer(update.petition, 1)
    token = make_unsubscribe_token(signer.pk)

    assert client.post(f"/petitions/unsubscribe/{token[:-1]}x/").status_code == 400
    assert client.get("/petitions/unsubscribe/not-a-token/").status_code == 400
    assert client.post(f"/petitions/unsubscribe/{make_unsubscribe_token(signer.pk + 100)}/").status_code == 404
    signer.refresh_from_db()
    assert signer.updates_unsubscribed_at is None


def test_the_next_update_skips_who_unsubscribed(client, update, outbox, django_capture_on_commit_callbacks):
    leaving = add_signer(update.petition, 1)
    add_signer(update.petition, 2)
    start(update, django_capture_on_commit_callbacks)
    client.post(f"/petitions/unsubscribe/{make_unsubscribe_token(leaving.pk)}/")
    outbox.clear()

    second = PetitionUpdate.objects.create(petition=update.petition, subject="More news", body="<p>More</p>")
    start(second, django_capture_on_commit_callbacks)

    assert [message.to for message in outbox] == [["signer2@example.org"]]


def test_who_unsubscribes_or_is_erased_while_an_update_is_sending_gets_no_copy(
    client, update, fast, outbox, django_capture_on_commit_callbacks
):
    """Sending a large update takes an hour: the rule of who gets it holds for every copy, not only when queuing."""
    leaving = add_signer(update.petition, 1)
    add_signer(update.petition, 2, email="erased@example.org")
    add_signer(update.petition, 3)
    updates.queue(update)

    client.post(f"/petitions/unsubscribe/{make_unsubscribe_token(leaving.pk)}/")
    erase_personal_data("erased@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        tasks.enqueue_update(update.pk)

    assert [message.to for message in outbox] == [["signer3@example.org"]]
    update.refresh_from_db()
    assert update.state == UpdateState.SENT
    assert updates.progress(update) == updates.Progress(
        recipients=3, sent=1, to_send=0, failed=0, interrupted=0, withdrawn=2
    )


def test_sending_goes_in_batches_each_over_one_connection_with_bounded_queries(
    update, fast, settings, outbox, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    settings.EMAIL_BACKEND = "tests.petitions.test_updates.CountingBackend"
    CountingBackend.opened = 0
    for number in range(25):
        add_signer(update.petition, number)
    updates.queue(update)

    with django_assert_max_num_queries(10 + 12):
        outcome = updates.send_batch(update.pk)
    assert (outcome.claimed, outcome.unfinished, len(outbox)) == (10, True, 10)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.enqueue_update(update.pk)

    assert CountingBackend.opened == 3
    assert len(outbox) == 25 and len({message.to[0] for message in outbox}) == 25
    update.refresh_from_db()
    assert update.state == UpdateState.SENT and update.finished_at is not None
    assert updates.progress(update) == updates.Progress(recipients=25, sent=25, to_send=0, failed=0, interrupted=0)


class CountingBackend(OutboxBackend):
    """The test outbox, counting the connections opened."""

    opened = 0

    def open(self):
        CountingBackend.opened += 1
        return super().open()


def test_pausing_stops_after_the_current_batch_and_resuming_carries_on(
    update, fast, outbox, django_capture_on_commit_callbacks
):
    for number in range(25):
        add_signer(update.petition, number)
    updates.queue(update)
    updates.send_batch(update.pk)

    assert updates.pause(update)
    assert updates.send_batch(update.pk) is None
    assert len(outbox) == 10 and updates.progress(update).to_send == 15
    assert not updates.pause(update)

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.resume_update(update)
    assert len(outbox) == 25
    update.refresh_from_db()
    assert update.state == UpdateState.SENT


def test_a_refused_address_is_tried_again_then_counted_failed(
    update, fast, settings, outbox, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.petitions.test_updates.RefusingBackend"
    settings.PETITIONS_UPDATE_MAX_ATTEMPTS = 2
    add_signer(update.petition, 1, email="refused@example.org")
    add_signer(update.petition, 2)

    start(update, django_capture_on_commit_callbacks)

    assert [message.to for message in outbox] == [["signer2@example.org"]]
    failed = UpdateDelivery.objects.get(signature__email="refused@example.org")
    assert (failed.state, failed.attempts) == (DeliveryState.FAILED, 2)
    assert updates.progress(update).failed == 1
    update.refresh_from_db()
    assert update.state == UpdateState.SENT


class RefusingBackend(OutboxBackend):
    def send_messages(self, messages):
        if any("refused@" in address for message in messages for address in message.to):
            raise smtplib.SMTPRecipientsRefused({"refused@example.org": (550, b"No such user")})
        return super().send_messages(messages)


# A real SMTP server on the loopback that counts each copy it accepts, by Message-ID and recipient.
class Sink:
    def __init__(self):
        self.accepted = Counter()
        self.fail_once_at = None  # the n-th message it is sent: answered 451 once

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        seen = sum(self.accepted.values()) + 1
        if self.fail_once_at == seen:
            self.fail_once_at = None
            return "451 Requested action aborted: local error in processing"
        message_id = email.message_from_bytes(envelope.content)["Message-ID"]
        for recipient in envelope.rcpt_tos:
            self.accepted[message_id, recipient] += 1
        return "250 Message accepted for delivery"


@pytest.fixture
def sink(settings):
    handler = Sink()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port, loop=asyncio.new_event_loop())
    controller.start()
    settings.EMAIL_BACKEND = "tests.petitions.test_updates.DyingBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    DyingBackend.die_after = None
    yield handler
    controller.stop()


class WorkerDied(Exception):
    """The worker stopped dead, between the mail server's acceptance and marking the row sent."""


class DyingBackend(EmailBackend):
    """Django's SMTP backend, whose worker dies right after its `die_after`-th accepted message."""

    die_after = None
    lock = threading.Lock()

    def send_messages(self, messages):
        sent = super().send_messages(messages)
        with DyingBackend.lock:
            if DyingBackend.die_after is not None:
                DyingBackend.die_after -= sent
                if DyingBackend.die_after <= 0:
                    DyingBackend.die_after = None
                    raise WorkerDied
        return sent


@pytest.mark.django_db(transaction=True)
def test_a_crash_in_the_middle_sends_no_one_a_second_copy(petition, fast, settings, sink):
    update = PetitionUpdate.objects.create(petition=petition, subject="News", body="<p>News</p>")
    signers = [add_signer(petition, number) for number in range(35)]
    expected = {(updates.message_id(update.pk, signer.pk), signer.email) for signer in signers}

    # The mail server fails on the 13th message: batch 2 stops there, and without a backend that runs tasks later
    # the chain waits for the recovery command.
    sink.fail_once_at = 13
    tasks.start_update(update)
    assert sum(sink.accepted.values()) == 12
    assert updates.progress(update).to_send == 23

    # The command resumes it; the worker dies just after the mail server accepted its 5th message, before marking it.
    DyingBackend.die_after = 5
    call_command("send_petition_updates", verbosity=0)
    assert sum(sink.accepted.values()) == 17
    assert UpdateDelivery.objects.filter(update=update, state=DeliveryState.CLAIMED).count() == 6

    # Once its claim is old enough to be a dead worker's, the next run reports the message it was sending as
    # interrupted and sends the rest.
    settings.PETITIONS_UPDATE_CLAIM_TIMEOUT = 0
    call_command("send_petition_updates", verbosity=0)

    assert set(sink.accepted) == expected
    assert max(sink.accepted.values()) == 1
    progress = updates.progress(PetitionUpdate.objects.get(pk=update.pk))
    assert progress == updates.Progress(recipients=35, sent=34, to_send=0, failed=0, interrupted=1)
    interrupted = UpdateDelivery.objects.get(update=update, state=DeliveryState.INTERRUPTED)
    assert sink.accepted[updates.message_id(update.pk, interrupted.signature_id), interrupted.signature.email] == 1
    assert PetitionUpdate.objects.get(pk=update.pk).state == UpdateState.SENT
