"""The events an endpoint can subscribe to (contract names), and what each means to an editor."""

from django.utils.translation import gettext_lazy as _

SIGNATURE_CONFIRMED = "signature.confirmed"
SIGNATURE_REJECTED = "signature.rejected"
SIGNATURE_ERASED = "signature.erased"
PETITION_MILESTONE = "petition.milestone"
COMMENT_PUBLISHED = "comment.published"

EVENT_TYPES = {
    SIGNATURE_CONFIRMED: _("A signature was confirmed"),
    SIGNATURE_REJECTED: _("A signature was rejected in the admin"),
    SIGNATURE_ERASED: _("A signer's personal data was erased"),
    PETITION_MILESTONE: _("A petition reached a milestone"),
    COMMENT_PUBLISHED: _("A comment was published"),
}
