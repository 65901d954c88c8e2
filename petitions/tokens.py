"""Signed, expiring confirmation tokens (django.core.signing with a salt of their own)."""

from django.core import signing

from .conf import app_settings

CONFIRMATION_SALT = "petitions.confirmation"


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
