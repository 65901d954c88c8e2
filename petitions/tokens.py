"""Signed tokens (django.core.signing, each with a salt of its own): confirmation links (expiring), the cookie that
shows a signer the thank-you state, and the unsubscribe links of updates to signers (lasting: a signer may unsubscribe
from an old e-mail)."""

from django.core import signing

from .conf import app_settings

CONFIRMATION_SALT = "petitions.confirmation"
UNSUBSCRIBE_SALT = "petitions.unsubscribe"
SIGNED_COOKIE = "petitions_signed"
SIGNED_SALT = "petitions.signed"
# How long the page a signer lands on (?signed=<id>) shows them the thank-you state, a reload included. Anyone else
# who opens that address, and the signer later on, gets the petition's form.
SIGNED_MAX_AGE = 10 * 60


class InvalidToken(Exception):
    """The token was tampered with, is not ours, or has expired (see `expired`)."""

    def __init__(self, expired=False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def make_confirmation_token(signature_id):
    return signing.dumps(signature_id, salt=CONFIRMATION_SALT)


def read_confirmation_token(token):
    """The signature id the token was made for; raises InvalidToken."""
    try:
        signature_id = signing.loads(token, salt=CONFIRMATION_SALT, max_age=app_settings.CONFIRMATION_MAX_AGE)
    except signing.SignatureExpired:
        raise InvalidToken(expired=True) from None
    except signing.BadSignature:
        raise InvalidToken() from None
    if not isinstance(signature_id, int):
        raise InvalidToken()
    return signature_id


def make_unsubscribe_token(signature_id):
    return signing.dumps(signature_id, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token):
    """The signature id the token was made for; raises InvalidToken."""
    try:
        signature_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        raise InvalidToken() from None
    if not isinstance(signature_id, int):
        raise InvalidToken()
    return signature_id


def remember_signed(request, response, petition):
    """Let the browser that just signed `petition` see its thank-you state for SIGNED_MAX_AGE seconds."""
    response.set_signed_cookie(
        SIGNED_COOKIE,
        str(petition.pk),
        salt=SIGNED_SALT,
        max_age=SIGNED_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def has_just_signed(request, petition):
    """Whether this browser signed `petition` in the last SIGNED_MAX_AGE seconds (see remember_signed)."""
    signed = request.get_signed_cookie(SIGNED_COOKIE, default=None, salt=SIGNED_SALT, max_age=SIGNED_MAX_AGE)
    return signed == str(petition.pk)
