"""The webhooks in the OpenAPI document (drf-spectacular's SPECTACULAR_SETTINGS["WEBHOOKS"]): what each event's POST
carries. The serializers only describe payloads (webhooks.payloads builds them); nothing is parsed with them."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, OpenApiWebhook, extend_schema
from rest_framework import serializers

from petitions.models import SignatureStatus

from . import events


class PetitionRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class SignerSerializer(serializers.Serializer):
    name = serializers.CharField()
    email = serializers.EmailField()
    postcode = serializers.CharField(allow_blank=True)


class SignatureDataSerializer(serializers.Serializer):
    id = serializers.CharField(help_text=_("Opaque and stable: the same in every event of this signature."))
    petition = PetitionRefSerializer()
    status = serializers.ChoiceField(choices=SignatureStatus.values)
    created_at = serializers.DateTimeField()
    confirmed_at = serializers.DateTimeField(allow_null=True)
    language = serializers.CharField()
    share_channel = serializers.CharField(
        allow_blank=True, help_text=_("Where the signer followed a shared link from.")
    )
    consent = serializers.BooleanField(help_text=_("Whether the signer agreed to hear from the organisation."))
    signer = SignerSerializer(allow_null=True, help_text=_("Only when the signer consented; otherwise null."))


class ErasedPetitionSerializer(serializers.Serializer):
    id = serializers.IntegerField()


class ErasedSignatureDataSerializer(serializers.Serializer):
    id = serializers.CharField(help_text=_("The opaque id the signature's earlier events carried."))
    petition = ErasedPetitionSerializer()


class MilestoneDataSerializer(serializers.Serializer):
    petition = PetitionRefSerializer()
    threshold = serializers.IntegerField()
    count = serializers.IntegerField(help_text=_("Confirmed signatures when the milestone was recorded."))
    goal = serializers.IntegerField()
    new_goal = serializers.IntegerField(allow_null=True, help_text=_("The raised goal, if reaching it raised it."))
    reached_at = serializers.DateTimeField()


class PageRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.URLField(allow_null=True)


class CommentDataSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    page = PageRefSerializer()
    url = serializers.URLField(allow_null=True)
    parent_id = serializers.IntegerField(allow_null=True)
    author_name = serializers.CharField(allow_blank=True)
    body = serializers.CharField()
    created_at = serializers.DateTimeField()


HEADERS_DESCRIPTION = _(
    "Signed per Standard Webhooks: headers `webhook-id` (the event's id, the same on every retry: drop duplicates "
    "by it), `webhook-timestamp` (seconds since the epoch) and `webhook-signature` (`v1,...`, made with the "
    "endpoint's `whsec_` secret); verify them with a Standard Webhooks library before trusting the body."
)


RECEIVED = _("Any 2xx answer: received. Anything else is tried again later.")


def webhook(event_type, data_serializer, description):
    """The OpenApiWebhook of one event type: its envelope with the `data` of `data_serializer`."""
    name = event_type.title().replace(".", "")
    envelope = type(
        f"{name}Payload",
        (serializers.Serializer,),
        {
            "type": serializers.ChoiceField(choices=[event_type]),
            "timestamp": serializers.DateTimeField(help_text=_("When the change happened.")),
            "data": data_serializer(),
        },
    )
    return OpenApiWebhook(
        name=event_type,
        decorator=extend_schema(
            summary=events.EVENT_TYPES[event_type],
            description=format_lazy("{} {}", description, HEADERS_DESCRIPTION),
            request=envelope,
            responses={"2XX": OpenApiResponse(description=RECEIVED)},
        ),
    )


signature_confirmed = webhook(
    events.SIGNATURE_CONFIRMED, SignatureDataSerializer, _("Sent once when a signature is confirmed.")
)
signature_rejected = webhook(
    events.SIGNATURE_REJECTED, SignatureDataSerializer, _("Sent once when an editor rejects a signature.")
)
signature_erased = webhook(
    events.SIGNATURE_ERASED,
    ErasedSignatureDataSerializer,
    _("Sent once per signature whose personal data was erased: delete what you hold of it."),
)
petition_milestone = webhook(
    events.PETITION_MILESTONE, MilestoneDataSerializer, _("Sent once when a petition reaches a milestone.")
)
comment_published = webhook(
    events.COMMENT_PUBLISHED, CommentDataSerializer, _("Sent once when a comment is first published.")
)
