"""The OpenAPI description of the petitions endpoints: request and answer shapes for every status of the contract.

api.py decorates its actions with the schemas below; drf-spectacular turns them into the site's OpenAPI document.
These serializers only describe JSON; the endpoints validate with SignatureForm and answer with PetitionSerializer.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers

from .forms import COMMENT_MAX_LENGTH
from .models import PetitionStatus
from .serializers import PetitionDetailSerializer, PetitionSerializer
from .signing import REFUSALS
from .throttling import INVALID_MESSAGE, VALID_MESSAGE
from .views import NOT_PUBLISHED

TAGS = ["petitions"]
SIGNING_STATUSES = ["signed", "confirmation_sent"]


class PetitionErrorsSerializer(serializers.Serializer):
    """Why the request was refused: messages by field; `__all__` holds those about no one field."""

    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class PetitionListMetaSerializer(serializers.Serializer):
    total_count = serializers.IntegerField(help_text="Published petitions in all.")


class PetitionListSerializer(serializers.Serializer):
    meta = PetitionListMetaSerializer()
    items = PetitionSerializer(many=True)


class SignatureRequestSerializer(serializers.Serializer):
    """A signature: the HTML form's fields as JSON. Which of postcode, country and comment a petition takes, and
    whether they are required, is in its `collected_fields`; its `captcha` says whether a token must be sent."""

    name = serializers.CharField(max_length=100)
    email = serializers.EmailField(max_length=254, help_text="Gets the confirmation link; never shown.")
    postcode = serializers.CharField(required=False, allow_null=True, max_length=16)
    country = serializers.CharField(
        required=False, allow_null=True, help_text="ISO 3166-1 alpha-2 code, e.g. GB.", max_length=2
    )
    comment = serializers.CharField(required=False, allow_null=True, max_length=COMMENT_MAX_LENGTH)
    consent = serializers.BooleanField(
        required=False, allow_null=True, help_text="Agrees to the petition's consent_text."
    )
    website = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, help_text="Honeypot: leave it out or empty."
    )
    captcha = serializers.CharField(
        required=False, allow_null=True, help_text="The reCAPTCHA token, when the petition's captcha type is not none."
    )
    source = serializers.CharField(
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="The `source` of the shared link the signer came from (email, x, facebook, whatsapp, copy, native); "
        "another value is ignored.",
    )


class SignatureAnswerSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=SIGNING_STATUSES,
        help_text="confirmation_sent: the signer must follow the e-mailed link (also when the address had signed).",
    )
    message = serializers.CharField(help_text="A message to show the signer.")


def errors(description, *examples):
    return OpenApiResponse(
        PetitionErrorsSerializer,
        description=description,
        examples=[OpenApiExample(title, value={"errors": value}) for title, value in examples],
    )


# The descriptions are for developers, in English; the examples are the endpoints' own messages, translated as they are.
ACCEPT_LANGUAGE = OpenApiParameter(
    "Accept-Language",
    str,
    OpenApiParameter.HEADER,
    description="The language to answer in, among the site's (e.g. en, cy, fr): messages and the petitions' texts "
    "(a text not translated comes in the default language); the counts are the same in every language. The answer's "
    "Content-Language says which it is. A signature keeps it: the signer's confirmation e-mail and page use it.",
)
NOT_FOUND = errors("No published petition has this id.", ("Unknown", {"__all__": [NOT_PUBLISHED]}))

list_schema = extend_schema(
    operation_id="petitions_list",
    tags=TAGS,
    summary="Published petitions, newest first, with their live counts",
    parameters=[
        OpenApiParameter("limit", int, description="Petitions per page: 20 by default, at most WAGTAILAPI_LIMIT_MAX."),
        OpenApiParameter("offset", int, description="Petitions to skip."),
        ACCEPT_LANGUAGE,
    ],
    responses={
        200: PetitionListSerializer,
        400: errors("A bad limit or offset.", ("Bad limit", {"__all__": ["limit must be a whole number up to 20."]})),
    },
)

detail_schema = extend_schema(
    operation_id="petitions_retrieve",
    tags=TAGS,
    summary="One petition, with confirmed counts by country and by day",
    parameters=[ACCEPT_LANGUAGE],
    responses={200: PetitionDetailSerializer, 404: NOT_FOUND},
)

sign_schema = extend_schema(
    operation_id="petitions_sign",
    tags=TAGS,
    summary="Sign a petition",
    description="No session and no CSRF token: call it from any origin allowed by CORS. The answer is the same "
    "whether or not the address has signed before, so it never reveals who signed.",
    request=SignatureRequestSerializer,
    responses={
        201: OpenApiResponse(SignatureAnswerSerializer, description="Signed and counted (no confirmation needed)."),
        202: OpenApiResponse(SignatureAnswerSerializer, description="A confirmation e-mail was sent."),
        400: errors(
            "Bad fields, or a body that is not a JSON object.",
            ("Field errors", {"email": ["Enter a valid email address."], "name": ["This field is required."]}),
            ("Captcha", {"captcha": ["Error verifying reCAPTCHA, please try again."]}),
            ("Malformed JSON", {"__all__": [_("The request body is not valid JSON.")]}),
        ),
        404: NOT_FOUND,
        409: errors(
            "The petition is closed or not open yet.",
            ("Closed", {"__all__": [REFUSALS[PetitionStatus.CLOSED]]}),
        ),
        415: errors(
            "The body is not JSON.",
            ("Not JSON", {"__all__": [_("Send the signature as JSON (Content-Type: application/json).")]}),
        ),
        429: errors(
            "Too many signatures from this client in the period of PETITIONS_RATE_LIMIT, or too many invalid attempts "
            "in that of PETITIONS_INVALID_RATE_LIMIT; try again after Retry-After seconds.",
            ("Rate limited", {"__all__": [VALID_MESSAGE]}),
            ("Too many invalid attempts", {"__all__": [INVALID_MESSAGE]}),
        ),
    },
    parameters=[
        ACCEPT_LANGUAGE,
        OpenApiParameter(
            "Retry-After",
            int,
            OpenApiParameter.HEADER,
            response=[429],
            required=True,
            description="Seconds until this client may sign again.",
        ),
    ],
)
