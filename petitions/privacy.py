"""Erasing and anonymising signers' personal data. Signatures stay (and keep counting); who signed does not."""

from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from .models import Petition, Signature
from .signing import normalise_email


def anonymise(signatures):
    """Blank every personal field of `signatures` (a queryset) in one UPDATE; return how many were changed."""
    return signatures.filter(anonymised_at__isnull=True).update(
        name="",
        email="",
        # Unique per petition, so each erased row gets a placeholder of its own that no address can match.
        normalised_email=Concat(Value("anonymised:"), Cast("pk", CharField())),
        postcode="",
        comment="",
        ip_hash="",
        referrer="",
        anonymised_at=timezone.now(),
    )


def erase_personal_data(email):
    """Anonymise every signature made from this mailbox (as normalised for signing); return how many."""
    normalised = normalise_email(email)
    return anonymise(Signature.objects.filter(normalised_email=normalised))


def anonymise_closed_petitions(closed_for_days, now=None):
    """Anonymise the signatures of petitions closed more than `closed_for_days` days ago; return how many."""
    cutoff = (now or timezone.now()) - timezone.timedelta(days=closed_for_days)
    return anonymise(Signature.objects.filter(petition__in=Petition.objects.ended_before(cutoff)))
