"""Background work through django-tasks: the confirmation e-mail (immediate in dev and tests, db workers in prod)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from .conf import app_settings
from .models import Signature, SignatureStatus
from .tokens import make_confirmation_token


@task()
def send_confirmation_email(signature_id, base_url):
    """E-mail the signer a link to the page that confirms their signature (text and HTML)."""
    signature = (
        Signature.objects.select_related("petition")
        .filter(pk=signature_id, status=SignatureStatus.PENDING, anonymised_at__isnull=True)
        .first()
    )
    if signature is None:
        # Confirmed, rejected or erased while the task waited: nothing to send.
        return
    token = make_confirmation_token(signature.pk)
    context = {
        "signature": signature,
        "petition": signature.petition,
        "confirm_url": base_url.rstrip("/") + reverse("petitions:confirm", args=[token]),
        "max_age_days": app_settings.CONFIRMATION_MAX_AGE // (24 * 60 * 60),
    }
    subject = " ".join(render_to_string("petitions/email/confirm_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("petitions/email/confirm.txt", context),
        from_email=app_settings.FROM_EMAIL or settings.DEFAULT_FROM_EMAIL,
        to=[signature.email],
    )
    message.attach_alternative(render_to_string("petitions/email/confirm.html", context), "text/html")
    message.send()
