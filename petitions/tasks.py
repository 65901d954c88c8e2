"""Background work through django-tasks (immediate in dev and tests, db workers in prod): the confirmation e-mail,
milestone e-mails, and sending updates to signers in batches."""

import logging
import smtplib
import time
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from campaign_common.mail import message_to_editor, render_subject, users_with_permission
from campaign_common.tasks import task

from . import updates
from .conf import app_settings
from .models import PetitionMilestone, Signature, SignatureStatus
from .tokens import make_confirmation_token

logger = logging.getLogger(__name__)
# A mail server that is down, refuses the connection or fails mid-message: worth trying again later.
MAIL_ERRORS = (smtplib.SMTPException, OSError)


@task()
def send_confirmation_email(signature_id, base_url, attempt=1):
    """E-mail the signer a link to the page that confirms their signature (text and HTML); when the mail server
    fails, try again later (see retry_confirmation_email)."""
    signature = (
        Signature.objects.select_related("petition")
        .filter(pk=signature_id, status=SignatureStatus.PENDING, anonymised_at__isnull=True)
        .first()
    )
    if signature is None:
        # Confirmed, rejected or erased while the task waited: nothing to send.
        return
    message = confirmation_message(signature, base_url)
    try:
        message.send()
    except MAIL_ERRORS:
        retry_confirmation_email(signature_id, base_url, attempt)
        raise  # the failed attempt stays on record in the task's result


def confirmation_message(signature, base_url):
    """The confirmation e-mail, in the language the signer signed in: its wording, the petition's texts and the
    link, which leads to the confirmation page in that language (with its language prefix where the site has them)."""
    with translation.override(signature.language):
        token = make_confirmation_token(signature.pk)
        context = {
            "signature": signature,
            "petition": signature.petition.in_language(),
            "confirm_url": base_url.rstrip("/") + reverse("petitions:confirm", args=[token]),
            "max_age_days": app_settings.CONFIRMATION_MAX_AGE // (24 * 60 * 60),
        }
        subject = render_subject("petitions/email/confirm_subject.txt", context)
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("petitions/email/confirm.txt", context),
            from_email=app_settings.FROM_EMAIL or settings.DEFAULT_FROM_EMAIL,
            to=[signature.email],
            headers={"Content-Language": signature.language},
        )
        message.attach_alternative(render_to_string("petitions/email/confirm.html", context), "text/html")
    return message


def retry_confirmation_email(signature_id, base_url, attempt):
    """Enqueue attempt `attempt + 1` after the next of PETITIONS_EMAIL_RETRY_DELAYS; None once they are used up
    or when the task backend cannot run tasks later. The signature stays pending, and signing again re-sends."""
    delays = app_settings.EMAIL_RETRY_DELAYS
    if attempt > len(delays) or not send_confirmation_email.get_backend().supports_defer:
        logger.error("Gave up e-mailing the confirmation of signature %s after %s attempt(s).", signature_id, attempt)
        return None
    logger.warning("Confirmation e-mail of signature %s failed (attempt %s); will try again.", signature_id, attempt)
    retry = send_confirmation_email.using(run_after=timezone.now() + timedelta(seconds=delays[attempt - 1]))
    return retry.enqueue(signature_id=signature_id, base_url=base_url, attempt=attempt + 1)


def petition_editors():
    """Who hears of a petition's milestones: the users who may change petitions."""
    return users_with_permission("petitions.change_petition")


@task()
def send_milestone_email(milestone_id, new_goal=None):
    """E-mail each of the petition's editors, in their admin language, that it reached the milestone (and that its
    goal was raised to `new_goal`, if it was); one message each, so that none sees the others' addresses."""
    milestone = PetitionMilestone.objects.select_related("petition").filter(pk=milestone_id).first()
    if milestone is None:
        return  # the petition was deleted meanwhile
    messages = [milestone_message(milestone, new_goal, editor) for editor in petition_editors()]
    if messages:
        get_connection().send_messages(messages)


def milestone_message(milestone, new_goal, editor):
    context = {"milestone": milestone, "petition": milestone.petition, "new_goal": new_goal}
    from_email = app_settings.FROM_EMAIL or settings.DEFAULT_FROM_EMAIL
    return message_to_editor(editor, "petitions/email/milestone", context, from_email)


@task()
def send_update(update_id):
    """Send the update's next batch (petitions.updates.send_batch), then carry on at PETITIONS_UPDATE_RATE: with a
    task backend that runs tasks later, as a new task due when the rate allows; with one that cannot (the immediate
    backend), in this call. Stops when nothing remains, when the update is paused, and, without a backend that runs
    tasks later, when the mail server fails or another batch holds what remains (`manage.py send_petition_updates`
    resumes it)."""
    defer = send_update.get_backend().supports_defer
    while True:
        started = time.monotonic()
        outcome = updates.send_batch(update_id)
        if outcome is None or not outcome.unfinished:
            return
        stalled = outcome.mail_server_failed or not outcome.claimed
        if stalled:
            delay = app_settings.UPDATE_RETRY_DELAY
        else:
            delay = max(0.0, outcome.claimed / app_settings.UPDATE_RATE - (time.monotonic() - started))
        if defer:
            later = send_update.using(run_after=timezone.now() + timedelta(seconds=delay))
            later.enqueue(update_id=update_id)
            return
        if stalled:
            logger.warning("Update %s stopped sending; `manage.py send_petition_updates` resumes it.", update_id)
            return
        time.sleep(delay)


def start_update(update):
    """Queue a draft update's recipients and start sending once that commits; returns the number of recipients."""
    count = updates.queue(update)
    enqueue_update(update.pk)
    return count


def resume_update(update):
    """Let a paused update send again; returns whether it was paused."""
    resumed = updates.resume(update)
    if resumed:
        enqueue_update(update.pk)
    return resumed


def enqueue_update(update_id):
    """Enqueue the update's sending once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: send_update.enqueue(update_id=update_id))
