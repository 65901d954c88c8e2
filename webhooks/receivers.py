"""Record an event for each change the petitions and comments apps signal, inside the change's transaction."""

from django.dispatch import receiver

from comments.signals import comment_published
from petitions.signals import milestone_recorded, signature_confirmed, signature_rejected, signatures_erased

from . import events, payloads
from .outbox import forget_signers, record


@receiver(signature_confirmed)
def record_signature_confirmed(sender, signature, **kwargs):
    record(events.SIGNATURE_CONFIRMED, [payloads.signature_data(signature)])


@receiver(signature_rejected)
def record_signature_rejected(sender, signature, **kwargs):
    record(events.SIGNATURE_REJECTED, [payloads.signature_data(signature)])


@receiver(signatures_erased)
def record_signatures_erased(sender, signatures, **kwargs):
    forget_signers(pk for pk, _ in signatures)
    record(events.SIGNATURE_ERASED, (payloads.erased_signature_data(pk, petition_id) for pk, petition_id in signatures))


@receiver(milestone_recorded)
def record_milestone(sender, petition, milestone, count, new_goal, **kwargs):
    record(events.PETITION_MILESTONE, [payloads.milestone_data(petition, milestone, count, new_goal)])


@receiver(comment_published)
def record_comment_published(sender, comment, **kwargs):
    record(events.COMMENT_PUBLISHED, [payloads.comment_data(comment)])
