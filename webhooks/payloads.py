"""The `data` of each event's payload. The schema is documented in webhooks.openapi (the OpenAPI document's webhooks).

Personal data rule: a signer's name, e-mail and postcode go out only when they consented to hear from the
organisation; every signature is otherwise known by an opaque id, stable across its events, that no one without the
site's SECRET_KEY can turn back into a row. Comments carry what their page shows already, never an e-mail or an IP.
"""

from django.utils.crypto import salted_hmac

OPAQUE_ID_SALT = "webhooks.payloads.signature"


def opaque_signature_id(signature_id):
    return "sig_" + salted_hmac(OPAQUE_ID_SALT, str(signature_id), algorithm="sha256").hexdigest()[:32]


def _datetime(value):
    return value.isoformat() if value else None


def signature_data(signature):
    """A confirmed or rejected signature; the signer only with their consent."""
    petition = signature.petition
    return {
        "id": opaque_signature_id(signature.pk),
        "petition": {"id": petition.pk, "title": petition.title},
        "status": signature.status,
        "created_at": _datetime(signature.created_at),
        "confirmed_at": _datetime(signature.confirmed_at),
        "language": signature.language,
        "share_channel": signature.share_channel,
        "consent": signature.consent,
        "signer": (
            {"name": signature.name, "email": signature.email, "postcode": signature.postcode}
            if signature.consent
            else None
        ),
    }


def erased_signature_data(signature_id, petition_id):
    """An erased signature: its opaque id (as its earlier events gave it) and its petition, nothing else."""
    return {"id": opaque_signature_id(signature_id), "petition": {"id": petition_id}}


def milestone_data(petition, milestone, count, new_goal):
    return {
        "petition": {"id": petition.pk, "title": petition.title},
        "threshold": milestone.threshold,
        "count": count,
        # The goal when the milestone was reached; a raised goal (new_goal) is raised from the threshold.
        "goal": milestone.threshold if new_goal is not None else petition.goal,
        "new_goal": new_goal,
        "reached_at": _datetime(milestone.reached_at),
    }


def comment_data(comment):
    page = comment.page
    page_url = page.full_url
    return {
        "id": comment.pk,
        "page": {"id": page.pk, "title": page.title, "url": page_url},
        "url": f"{page_url}#comment-{comment.pk}" if page_url else None,
        "parent_id": comment.parent_id,
        "author_name": comment.author_name,
        "body": comment.body,
        "created_at": _datetime(comment.created_at),
    }
