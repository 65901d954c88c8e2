"""The signing rules that the HTML and JSON views share: who may sign, storing a signature exactly once,
(re-)sending the confirmation, confirming, and rejecting or restoring a signature in the admin."""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import router, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from .conf import app_settings
from .forms import SignatureForm
from .milestones import check_after_commit
from .models import PetitionCounter, PetitionStatus, Signature, SignatureSource, SignatureStatus
from .signals import signature_confirmed, signature_rejected
from .tasks import send_confirmation_email
from .throttling import RateLimited, client_ip, hash_ip

# Providers that ignore dots in the local part; +tags are dropped for every domain.
DOTLESS_DOMAINS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}

REFUSALS = {
    PetitionStatus.CLOSED: _("This petition is closed and no longer accepts signatures."),
    PetitionStatus.SCHEDULED: _("This petition is not open for signatures yet."),
    PetitionStatus.DRAFT: _("This petition is not published."),
}


def normalise_email(email):
    """Lower-case; drop a +tag; for Gmail-style domains also drop dots, so one mailbox signs once."""
    local, _, domain = email.strip().lower().rpartition("@")
    local = local.split("+", 1)[0]
    if domain in DOTLESS_DOMAINS:
        local = local.replace(".", "")
        domain = DOTLESS_DOMAINS[domain]
    return f"{local}@{domain}"


class PetitionNotOpen(Exception):
    """Raised when signing a petition that is closed, not open yet or unpublished."""

    def __init__(self, petition, message=None):
        self.status = petition.status
        super().__init__(message or REFUSALS[self.status])


def same_site_path(url, request):
    """The path and query of `url` if it is a page of this site, else "": all of a signature's referrer that is kept,
    and all that the confirmation page links back to. Other sites are refused, disguised ones too
    (//evil.example/, /\\evil.example/)."""
    if not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return ""
    parts = urlsplit(url)
    path = urlunsplit(("", "", parts.path, parts.query, ""))
    # Once the host is gone, a path such as //evil.example/ would lead off the site.
    return path if path.startswith("/") and url_has_allowed_host_and_scheme(path, allowed_hosts=None) else ""


def refusal_message(petition):
    """Why this petition takes no signatures now, or None while it is open."""
    return REFUSALS.get(petition.status)


def sign_with_data(petition, data, request, throttle, **details):
    """Check submitted `data` with the petition's form and sign with it, for the HTML form and the JSON endpoint;
    `details` go to sign_petition. Returns the form (None when the petition refused before any check) and the refusal
    message ("" while the petition takes signatures). An invalid form or a filled honeypot signs nothing.

    The attempt counts under the `throttle` (throttling.sign_throttle) as valid or invalid; RateLimited is raised
    when the client is over a limit already, or when this is a signature too many."""
    if refusal := refusal_message(petition):
        return None, refusal
    if (limit := throttle.check()).limited:
        raise RateLimited(limit)
    form = SignatureForm(petition, data=data)
    valid = form.is_valid()
    if (limit := throttle.count(valid)).limited:
        raise RateLimited(limit)
    if valid and not form.honeypot_filled:
        try:
            sign_petition(petition, form.cleaned_data, request, **details)
        except PetitionNotOpen as refused:
            return form, str(refused)
    return form, ""


def sign_petition(petition, cleaned_data, request, *, source=SignatureSource.WEB, referrer="", share_channel=""):
    """Store a signature, or find the one this mailbox already made, and send the signer what they should get;
    True if this call stored a new signature. Of the `referrer`, only a page of this site is kept; `share_channel` is
    the ShareChannel of the shared link the signer came from (petitions.sharing), if any.

    The caller answers the same either way (no reply reveals whether an address has signed). A new signature is
    confirmed at once when the petition needs no confirmation; otherwise it waits for the e-mailed link, which
    signing again re-sends up to PETITIONS_MAX_CONFIRMATION_RESENDS times. Raises PetitionNotOpen when the petition
    takes no signatures.

    The signature keeps the active language, the one the signer signed in (the page's for the HTML form, the
    requested one for the JSON endpoint): their confirmation e-mail and page speak it.
    """
    if not petition.is_open:
        raise PetitionNotOpen(petition)
    confirm_now = not petition.requires_confirmation
    now = timezone.now()
    signature = Signature(
        petition=petition,
        name=cleaned_data["name"],
        email=cleaned_data["email"],
        normalised_email=normalise_email(cleaned_data["email"]),
        postcode=cleaned_data.get("postcode", ""),
        country=cleaned_data.get("country", ""),
        comment=cleaned_data.get("comment", ""),
        consent=cleaned_data.get("consent", False),
        status=SignatureStatus.CONFIRMED if confirm_now else SignatureStatus.PENDING,
        created_at=now,
        confirmed_at=now if confirm_now else None,
        ip_hash=hash_ip(client_ip(request)),
        source=source,
        referrer=same_site_path(referrer, request)[:500],
        share_channel=share_channel,
        confirmation_emails_sent=0 if confirm_now else 1,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    if confirm_now:
        with transaction.atomic():
            created = Signature.objects.insert_unless_signed(signature)
            if created:
                PetitionCounter.objects.add(petition.pk, 1)
                check_after_commit(petition.pk)
                signature_confirmed.send(sender=Signature, signature=signature)
    else:
        created = _store_with_confirmation(signature)
    if not created:
        # Keep the stored signature as it is; only re-send its confirmation, within the limit.
        stored = Signature.objects.filter(petition=petition, normalised_email=signature.normalised_email).first()
        # None when the signature was erased (privacy.anonymise) since the INSERT met it.
        if stored is not None and _claim_resend(stored):
            _send_confirmation(stored)
    return created


def _claim_resend(signature):
    """Count one more confirmation e-mail if the signature is pending and under the limit; atomic under races."""
    return bool(
        Signature.objects.filter(
            pk=signature.pk,
            status=SignatureStatus.PENDING,
            anonymised_at__isnull=True,
            confirmation_emails_sent__lte=app_settings.MAX_CONFIRMATION_RESENDS,
        ).update(confirmation_emails_sent=F("confirmation_emails_sent") + 1)
    )


def _send_confirmation(signature):
    send_confirmation_email.enqueue(signature_id=signature.pk, base_url=app_settings.site_url)


def _store_with_confirmation(signature):
    """insert_unless_signed, and if it stored the signature, enqueue its confirmation e-mail: both or neither. With a
    database task backend the e-mail's task is stored in the signature's transaction, so one commit serves both."""
    with transaction.atomic(using=router.db_for_write(Signature)):
        created = Signature.objects.insert_unless_signed(signature)
        if created:
            _send_confirmation(signature)
    return created


def confirm_signature(signature):
    """Confirm a pending signature and count it, in one transaction; True if this call confirmed it.

    Confirming again, or twice at once, changes nothing: only the update that finds it pending counts.
    """
    with transaction.atomic():
        confirmed = Signature.objects.filter(
            pk=signature.pk, status=SignatureStatus.PENDING, anonymised_at__isnull=True
        ).update(status=SignatureStatus.CONFIRMED, confirmed_at=timezone.now())
        if confirmed:
            PetitionCounter.objects.add(signature.petition_id, 1)
            check_after_commit(signature.petition_id)
            signature.refresh_from_db(fields=["status", "confirmed_at"])
            signature_confirmed.send(sender=Signature, signature=signature)
    return bool(confirmed)


def reject_signature(signature_id):
    """Take a signature out of the count (spam, fraud); it can be restored."""
    with transaction.atomic():
        signature = Signature.objects.select_for_update().get(pk=signature_id)
        if signature.status == SignatureStatus.REJECTED:
            return signature
        if signature.status == SignatureStatus.CONFIRMED:
            PetitionCounter.objects.add(signature.petition_id, -1)
        signature.status = SignatureStatus.REJECTED
        signature.save(update_fields=["status"])
        signature_rejected.send(sender=Signature, signature=signature)
    return signature


def restore_signature(signature_id):
    """Undo a rejection: back to confirmed (and counted) if it had been confirmed, else back to pending."""
    with transaction.atomic():
        signature = Signature.objects.select_for_update().get(pk=signature_id)
        if signature.status != SignatureStatus.REJECTED:
            return signature
        if signature.confirmed_at:
            signature.status = SignatureStatus.CONFIRMED
            PetitionCounter.objects.add(signature.petition_id, 1)
            check_after_commit(signature.petition_id)
        else:
            signature.status = SignatureStatus.PENDING
        signature.save(update_fields=["status"])
    return signature
