"""Erasing and anonymising signers' personal data. Signatures stay (and keep counting); who signed does not."""

from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from .models import Petition, Signature
from .signals import signatures_erased
from .signing import normalise_email

# Signatures blanked per UPDATE: bounds the size of its list of ids.
ERASE_BATCH_SIZE = 1000


def anonymise(signatures):
    """Blank every personal field of `signatures` (a queryset); return how many were changed.

    The rows are locked and their ids read first, in the same transaction as the UPDATEs, so that
    signals.signatures_erased names exactly the signatures this call erased."""
    with transaction.atomic():
        erased = list(
            signatures.filter(anonymised_at__isnull=True)
            .select_for_update()
            .order_by("pk")
            .values_list("pk", "petition_id")
        )
        now = timezone.now()
        for start in range(0, len(erased), ERASE_BATCH_SIZE):
            batch = [pk for pk, _ in erased[start : start + ERASE_BATCH_SIZE]]
            Signature.objects.filter(pk__in=batch).update(
                name="",
                email="",
                # Unique per petition, so each erased row gets a placeholder of its own that no address can match.
                normalised_email=Concat(Value("anonymised:"), Cast("pk", CharField())),
                postcode="",
                comment="",
                ip_hash="",
                referrer="",
                anonymised_at=now,
            )
        if erased:
            signatures_erased.send(sender=Signature, signatures=erased)
    return len(erased)


def erase_personal_data(email):
    """Anonymise every signature made from this mailbox (as normalised for signing); return how many."""
    normalised = normalise_email(email)
    return anonymise(Signature.objects.filter(normalised_email=normalised))


def anonymise_closed_petitions(closed_for_days, now=None):
    """Anonymise the signatures of petitions closed more than `closed_for_days` days ago; return how many."""
    cutoff = (now or timezone.now()) - timezone.timedelta(days=closed_for_days)
    return anonymise(Signature.objects.filter(petition__in=Petition.objects.ended_before(cutoff)))
