"""Updates to signers: who gets one, queuing it, sending it in batches without a second copy to anyone, pausing,
progress, and unsubscribing.

Recipients are the petition's confirmed signers who consented to hear more, with an e-mail address, not anonymised
and not unsubscribed (`recipients`). Starting to send (`queue`) writes one UpdateDelivery row per recipient in one
INSERT ... SELECT, whatever their number. The rule holds again for each copy when its batch comes: a signer who
unsubscribed, was erased or rejected since then is "withdrawn", not sent.

Each batch (`send_batch`, run by the task petitions.tasks.send_update) claims its rows first, in a transaction of its
own (state "claimed", a claim id and time), then sends them one by one over one SMTP connection, marking each row sent
as soon as the mail server has accepted it. So a worker that dies leaves at most one message it cannot know about:
the first row of its claim still marked claimed (rows are sent in id order). Once the claim is older than
PETITIONS_UPDATE_CLAIM_TIMEOUT, `release_stale_claims` marks that row "interrupted" (never sent again: the signer may
have it) and puts the rest of the claim back to be sent. A message the mail server refuses or fails on goes back to
be sent again, up to PETITIONS_UPDATE_MAX_ATTEMPTS tries, then counts as failed. Every copy carries a Message-ID of
its own (update, signature), the same on every try, so that a receiving server can drop a duplicate too.
"""

import smtplib
import uuid
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connections, router, transaction
from django.db.models import Count, F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from .conf import app_settings
from .models import (
    DeliveryState,
    PetitionUpdate,
    Signature,
    SignatureStatus,
    UpdateDelivery,
    UpdateState,
)
from .plain_text import html_to_text
from .tokens import make_unsubscribe_token

# A mail server that is down, refuses the connection or fails mid-message.
MAIL_ERRORS = (smtplib.SMTPException, OSError)


class UpdateStateError(Exception):
    """The update is not in a state that allows this (e.g. sending a draft twice)."""


def is_recipient(prefix=""):
    """The rule of who gets an update, on Signature's fields (`prefix` reaches them from a related model)."""
    return Q(
        **{
            f"{prefix}status": SignatureStatus.CONFIRMED,
            f"{prefix}consent": True,
            f"{prefix}anonymised_at__isnull": True,
            f"{prefix}updates_unsubscribed_at__isnull": True,
        }
    ) & ~Q(**{f"{prefix}email": ""})


def recipients(petition):
    """The signatures an update of `petition` goes to."""
    return Signature.objects.filter(is_recipient(), petition=petition)


def _queue_sql(alias):
    """INSERT INTO <deliveries> (update, signature, state, attempts) SELECT ... FROM <signatures> WHERE <the rule of
    `recipients`>: Django's ORM has no INSERT ... SELECT, and bulk_create would hold every row in memory. Names come
    from the models, quoted for the database `alias`; values go as parameters. Portable to PostgreSQL and SQLite."""
    quote = connections[alias].ops.quote_name
    delivery, signature = UpdateDelivery._meta, Signature._meta

    def column(meta, name):
        return quote(meta.get_field(name).column)

    # Names from the models, quoted; values as parameters.
    return (
        f"INSERT INTO {quote(delivery.db_table)} "  # noqa: S608
        f"({column(delivery, 'update')}, {column(delivery, 'signature')}, {column(delivery, 'state')}, "
        f"{column(delivery, 'attempts')}) "
        f"SELECT %s, {column(signature, 'id')}, %s, 0 FROM {quote(signature.db_table)} "
        f"WHERE {column(signature, 'petition')} = %s AND {column(signature, 'status')} = %s "
        f"AND {column(signature, 'consent')} = %s AND {column(signature, 'anonymised_at')} IS NULL "
        f"AND {column(signature, 'updates_unsubscribed_at')} IS NULL AND {column(signature, 'email')} <> ''"
    )


def queue(update):
    """Start sending a draft: write its deliveries (one set-based statement) and make it "sending"; returns the
    number of recipients. Raises UpdateStateError when it is no longer a draft. Enqueuing the task is the caller's
    (petitions.tasks.start_update)."""
    alias = router.db_for_write(UpdateDelivery)
    started_at = timezone.now()
    with transaction.atomic(using=alias):
        # One conditional UPDATE moves it out of draft: of two clicks on "Send", on any database, the second finds it
        # sending already (a read-then-write would let both through on SQLite, which ignores SELECT ... FOR UPDATE).
        drafts = PetitionUpdate.objects.filter(pk=update.pk, state=UpdateState.DRAFT)
        if not drafts.update(state=UpdateState.SENDING, started_at=started_at):
            raise UpdateStateError(update.pk)
        with connections[alias].cursor() as cursor:
            params = [update.pk, DeliveryState.QUEUED, update.petition_id, SignatureStatus.CONFIRMED, True]
            cursor.execute(_queue_sql(alias), params)
            count = cursor.rowcount
    update.state, update.started_at = UpdateState.SENDING, started_at
    return count


def pause(update):
    """Stop sending after the current batch; returns whether it was sending."""
    return _move(update, UpdateState.SENDING, UpdateState.PAUSED)


def resume(update):
    """Let a paused update send again; returns whether it was paused (enqueuing is the caller's)."""
    return _move(update, UpdateState.PAUSED, UpdateState.SENDING)


def _move(update, from_state, to_state):
    moved = PetitionUpdate.objects.filter(pk=update.pk, state=from_state).update(state=to_state)
    if moved:
        update.state = to_state
    return bool(moved)


@dataclass(frozen=True)
class Progress:
    """Where sending an update stands: its deliveries by state."""

    recipients: int
    sent: int
    to_send: int
    failed: int
    interrupted: int
    withdrawn: int = 0

    @property
    def percent(self):
        done = self.sent + self.failed + self.interrupted + self.withdrawn
        return 100 if not self.recipients else min(100, 100 * done // self.recipients)


def progress(update):
    counts = dict(update.deliveries.values_list("state").annotate(count=Count("pk")).order_by())
    return Progress(
        recipients=sum(counts.values()),
        sent=counts.get(DeliveryState.SENT, 0),
        to_send=counts.get(DeliveryState.QUEUED, 0) + counts.get(DeliveryState.CLAIMED, 0),
        failed=counts.get(DeliveryState.FAILED, 0),
        interrupted=counts.get(DeliveryState.INTERRUPTED, 0),
        withdrawn=counts.get(DeliveryState.WITHDRAWN, 0),
    )


def release_stale_claims(update_id, now=None):
    """Claims older than PETITIONS_UPDATE_CLAIM_TIMEOUT were left by workers that died: the first row of each (the
    one its worker may have been sending) becomes interrupted, the others go back to be sent. Returns the number of
    interrupted rows."""
    cutoff = (now or timezone.now()) - timedelta(seconds=app_settings.UPDATE_CLAIM_TIMEOUT)
    stale = UpdateDelivery.objects.filter(update_id=update_id, state=DeliveryState.CLAIMED, claimed_at__lt=cutoff)
    interrupted = 0
    for claim in stale.values_list("claim", flat=True).distinct().order_by():
        with transaction.atomic():
            rows = stale.select_for_update().filter(claim=claim).order_by("pk")
            first = rows.values_list("pk", flat=True).first()
            if first is None:
                continue  # released meanwhile by another worker
            interrupted += rows.filter(pk=first).update(state=DeliveryState.INTERRUPTED)
            rows.update(state=DeliveryState.QUEUED, claim=None, claimed_at=None)
    return interrupted


@dataclass(frozen=True)
class BatchOutcome:
    """What a batch did: how many messages it claimed, whether any remain to send (or are being sent by another
    batch), and whether the mail server failed."""

    claimed: int
    unfinished: bool
    mail_server_failed: bool = False


def send_batch(update_id):
    """Claim and send the update's next PETITIONS_UPDATE_BATCH_SIZE messages over one SMTP connection; None when the
    update is not sending (paused, sent or deleted)."""
    update = (
        PetitionUpdate.objects.select_related("petition")
        .prefetch_related("translations", "petition__translations")
        .filter(pk=update_id, state=UpdateState.SENDING)
        .first()
    )
    if update is None:
        return None
    release_stale_claims(update_id)
    claimed = _claim(update_id)
    failed = False
    if claimed:
        texts = UpdateTexts(update)
        try:
            with get_connection() as connection:
                for delivery in claimed:
                    _send_one(connection, texts, delivery)
        except MAIL_ERRORS:
            failed = True
            # The rows after the one the server failed on were not tried: they go back as they were. (Any other
            # error leaves the claim as a dead worker would, for release_stale_claims.)
            UpdateDelivery.objects.filter(claim=claimed[0].claim, state=DeliveryState.CLAIMED).update(
                state=DeliveryState.QUEUED, claim=None, claimed_at=None
            )
    unfinished = update.deliveries.filter(state__in=[DeliveryState.QUEUED, DeliveryState.CLAIMED]).exists()
    if not unfinished:
        PetitionUpdate.objects.filter(pk=update_id, state=UpdateState.SENDING).update(
            state=UpdateState.SENT, finished_at=timezone.now()
        )
    return BatchOutcome(claimed=len(claimed), unfinished=unfinished, mail_server_failed=failed)


def _claim(update_id):
    """Mark the update's next queued rows claimed, committed before any is sent; returns them with their signers."""
    claim, now = uuid.uuid4(), timezone.now()
    with transaction.atomic():
        queued = UpdateDelivery.objects.filter(update_id=update_id, state=DeliveryState.QUEUED).order_by("pk")
        # Concurrent batches (a resumed chain beside one still running) skip each other's rows.
        ids = list(
            queued.select_for_update(skip_locked=True).values_list("pk", flat=True)[: app_settings.UPDATE_BATCH_SIZE]
        )
        batch = UpdateDelivery.objects.filter(pk__in=ids, state=DeliveryState.QUEUED)
        # Sending a large update takes long: who unsubscribed or was erased since it was queued gets no copy.
        batch.exclude(is_recipient("signature__")).update(state=DeliveryState.WITHDRAWN)
        batch.update(state=DeliveryState.CLAIMED, claim=claim, claimed_at=now)
    return list(
        UpdateDelivery.objects.filter(claim=claim)
        .select_related("signature")
        .only(
            "pk",
            "update_id",
            "claim",
            "attempts",
            "signature__id",
            "signature__name",
            "signature__email",
            "signature__language",
        )
        .order_by("pk")
    )


def _send_one(connection, texts, delivery):
    """Send one signer's copy and mark it sent; a refusal of this address counts as a try and is put back (or failed
    after the last try); a failure of the server is a try too, and ends the batch."""
    try:
        connection.send_messages([texts.message(delivery.signature, delivery.update_id)])
    except smtplib.SMTPRecipientsRefused:
        _count_failed_try(delivery)
        return
    except MAIL_ERRORS:
        _count_failed_try(delivery)
        raise
    UpdateDelivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.SENT, sent_at=timezone.now())


def _count_failed_try(delivery):
    last_try = delivery.attempts + 1 >= app_settings.UPDATE_MAX_ATTEMPTS
    UpdateDelivery.objects.filter(pk=delivery.pk).update(
        state=DeliveryState.FAILED if last_try else DeliveryState.QUEUED,
        attempts=F("attempts") + 1,
        claim=None,
        claimed_at=None,
    )


def message_id(update_id, signature_id):
    """The same Message-ID on every try at one signer's copy, so a receiving server can tell a repeat."""
    domain = urlsplit(app_settings.site_url).hostname or "localhost"
    return f"<petition-update-{update_id}-{signature_id}@{domain}>"


def unsubscribe_url(signature_id):
    """The signer's unsubscribe page in the active language, on the site's address (PETITIONS' site_url)."""
    return app_settings.site_url + reverse("petitions:unsubscribe", args=[make_unsubscribe_token(signature_id)])


class UpdateTexts:
    """An update's e-mail, ready to address to signers: the rich text of each language rendered once (a batch uses
    it for every message in that language)."""

    def __init__(self, update):
        self.update = update
        self.petition = update.petition
        self._by_language = {}

    def parts(self, language):
        """(subject, body HTML, body text) in `language`."""
        if language not in self._by_language:
            subject, body = self.update.in_language(language)
            with translation.override(language):
                html = render_to_string("petitions/email/update_body.html", {"body": body})
            self._by_language[language] = (subject, html, html_to_text(html))
        return self._by_language[language]

    def message(self, signature, update_id=None, to=None):
        """The update to `signature` (or, for a test, to `to` in `signature.language`), with its unsubscribe link (RFC
        8058 one-click, and in the footer)."""
        language = signature.language
        subject, html, text = self.parts(language)
        with translation.override(language):
            link = unsubscribe_url(signature.pk)
            petition = self.petition.in_language()
            context = {"body_html": html, "body_text": text, "petition": petition, "unsubscribe_url": link}
            headers = {
                "Content-Language": language,
                "List-Unsubscribe": f"<{link}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            }
            if update_id is not None:
                headers["Message-ID"] = message_id(update_id, signature.pk)
            message = EmailMultiAlternatives(
                subject=subject,
                body=render_to_string("petitions/email/update.txt", context),
                from_email=app_settings.FROM_EMAIL or settings.DEFAULT_FROM_EMAIL,
                to=[to or signature.email],
                headers=headers,
            )
            message.attach_alternative(render_to_string("petitions/email/update.html", context), "text/html")
        return message


def language_codes(update):
    """The site's default language and each other language of the petition (its translations)."""
    return [settings.LANGUAGE_CODE, *(given.language for given in update.petition.translations.all())]


# Who previews and tests see as the signer: no one's signature (its unsubscribe link leads nowhere).
def _sample_signer(language):
    return Signature(pk=0, language=language, name="", email="")


def preview(update):
    """[(language code, language name, subject, HTML)] of the update's e-mail in each of the petition's languages."""
    texts = UpdateTexts(update)
    names = dict(settings.LANGUAGES)
    previews = []
    for language in language_codes(update):
        message = texts.message(_sample_signer(language), to="signer@example.org")
        previews.append((language, names.get(language, language), message.subject, message.alternatives[0][0]))
    return previews


def send_test(update, email, language):
    """Send the update in `language` to `email` (an editor's own address), its subject marked as a test; its
    unsubscribe link leads nowhere."""
    texts = UpdateTexts(update)
    message = texts.message(_sample_signer(language), to=email)
    with translation.override(language):
        message.subject = gettext("[Test] %(subject)s") % {"subject": message.subject}
    get_connection().send_messages([message])


def unsubscribe(signature):
    """Send the signer no more updates of this petition; returns whether this call unsubscribed them."""
    return bool(
        Signature.objects.filter(pk=signature.pk, updates_unsubscribed_at__isnull=True).update(
            updates_unsubscribed_at=timezone.now()
        )
    )
