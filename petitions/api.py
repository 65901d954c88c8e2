"""JSON endpoints for other frontends, registered on the site's Wagtail API router as `petitions`:

- GET  petitions/                 published petitions (`limit`, `offset`), with their live counts
- GET  petitions/<id>/            one petition, with confirmed counts by country and by day
- POST petitions/<id>/signatures/ sign: 202 confirmation e-mail sent, 201 signed (no confirmation needed),
                                  400 {"errors": {field: [messages]}}, 404, 409 closed, 415, 429 + Retry-After

Each answers in the language that Accept-Language asks for (campaign_common.languages): its messages and the
petitions' texts, with the same counts in every language; a signature keeps that language for its confirmation.
"""

from django.conf import settings
from django.urls import path
from django.utils.translation import gettext
from django_recaptcha.widgets import ReCaptchaBase
from rest_framework import status
from rest_framework.exceptions import ParseError, UnsupportedMediaType
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.viewsets import ViewSet

from campaign_common.languages import AnswersInRequestedLanguage
from campaign_common.text import UNPRINTABLE_MESSAGE, has_lone_surrogate

from .models import Petition, SignatureSource
from .openapi import detail_schema, list_schema, sign_schema
from .serializers import PetitionDetailSerializer, PetitionSerializer
from .sharing import SOURCE_PARAMETER, share_channel
from .signing import sign_with_data
from .throttling import RateLimited, sign_throttle
from .views import published_petition_or_404

TEXT_FIELDS = ("name", "email", "postcode", "country", "comment", "website", "captcha", "source")
NON_FIELD_ERRORS = "__all__"


def error_response(errors, status_code, **headers):
    return Response({"errors": errors}, status=status_code, headers=headers)


def type_errors(body):
    """Fields whose JSON type is wrong (the form would otherwise turn a list or a number into text), and text with a
    lone surrogate, which JSON can escape ("\\ud800") but no encoding carries (to the database, to reCAPTCHA)."""
    errors = {
        name: [gettext("Must be a string.")] for name in TEXT_FIELDS if not isinstance(body.get(name, ""), str | None)
    }
    errors.update((name, [UNPRINTABLE_MESSAGE]) for name in TEXT_FIELDS if has_lone_surrogate(body.get(name)))
    if not isinstance(body.get("consent", False), bool | None):
        errors["consent"] = [gettext("Must be true or false.")]
    return errors


def form_data(body):
    data = {name: value for name, value in body.items() if value is not None}
    # django-recaptcha's v2 widget reads the token from its own POST name; v3 reads the field's name.
    data[ReCaptchaBase.recaptcha_response_name] = data.get("captcha", "")
    return data


def bounded_int(value, default, maximum):
    if value is None:
        return default
    number = int(value)  # ValueError for the caller to report
    if number < 0 or number > maximum:
        raise ValueError
    return number


class PetitionsAPIViewSet(AnswersInRequestedLanguage, ViewSet):
    """Public petition data and signing for other frontends, in the requested language; no session authentication,
    so no CSRF token."""

    model = Petition  # WagtailAPIRouter matches endpoints to models by this
    authentication_classes = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    parser_classes = [JSONParser]

    @classmethod
    def get_urlpatterns(cls):
        return [
            # Not DRF's "list" action: the answer is one object, {"meta", "items"} (as in the OpenAPI document).
            path("", cls.as_view({"get": "listing"}), name="listing"),
            path("<int:pk>/", cls.as_view({"get": "retrieve"}), name="detail"),
            path("<int:pk>/signatures/", cls.as_view({"post": "sign"}), name="sign"),
        ]

    def handle_exception(self, exc):
        """What DRF refuses itself (404, 405, 406, 415) in the contract's shape too, with DRF's status and headers."""
        response = super().handle_exception(exc)
        if isinstance(response.data, dict) and "detail" in response.data:
            response.data = {"errors": {NON_FIELD_ERRORS: [str(response.data["detail"])]}}
        return response

    @list_schema
    def listing(self, request):
        limit_max = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20) or 100
        try:
            limit = bounded_int(request.GET.get("limit"), min(20, limit_max), limit_max)
            offset = bounded_int(request.GET.get("offset"), 0, 10**9)
        except ValueError:
            # Translators: limit and offset are the names of the query parameters; keep them as they are.
            message = gettext("limit must be a whole number up to %(limit_max)s, offset a whole number from 0.") % {
                "limit_max": limit_max
            }
            return error_response({NON_FIELD_ERRORS: [message]}, status.HTTP_400_BAD_REQUEST)
        petitions = Petition.objects.published().order_by("-created_at", "-pk")
        page = petitions.with_signature_count().prefetch_related("translations")[offset : offset + limit]
        shown = [petition.in_language() for petition in page]
        context = {"request": request}
        return Response(
            {
                "meta": {"total_count": petitions.count()},
                "items": PetitionSerializer(shown, many=True, context=context).data,
            }
        )

    @detail_schema
    def retrieve(self, request, pk):
        petition = published_petition_or_404(pk).in_language()
        return Response(PetitionDetailSerializer(petition, context={"request": request}).data)

    @sign_schema
    def sign(self, request, pk):
        petition = published_petition_or_404(pk)
        throttle = sign_throttle(request, petition.pk)
        try:
            if (limit := throttle.check()).limited:  # before the body is even read
                raise RateLimited(limit)
            return self.sign_with_body(request, petition, throttle)
        except RateLimited as limited:
            return error_response(
                {NON_FIELD_ERRORS: [str(limited.limit.message)]},
                status.HTTP_429_TOO_MANY_REQUESTS,
                **{"Retry-After": str(limited.limit.retry_after)},
            )

    def sign_with_body(self, request, petition, throttle):
        try:
            body = request.data
        except UnsupportedMediaType:
            message = gettext("Send the signature as JSON (Content-Type: application/json).")
            return error_response({NON_FIELD_ERRORS: [message]}, status.HTTP_415_UNSUPPORTED_MEDIA_TYPE)
        except (ParseError, RecursionError):  # RecursionError: nested deeper than Python's JSON parser goes
            return error_response(
                {NON_FIELD_ERRORS: [gettext("The request body is not valid JSON.")]}, status.HTTP_400_BAD_REQUEST
            )
        if not isinstance(body, dict):
            return error_response({NON_FIELD_ERRORS: [gettext("Send a JSON object.")]}, status.HTTP_400_BAD_REQUEST)
        if errors := type_errors(body):
            return error_response(errors, status.HTTP_400_BAD_REQUEST)

        refusal = sign_with(request, petition, body, throttle)
        if refusal is not None:
            return error_response(*refusal)
        # The same answer whether the address is new, pending or confirmed, and for a filled honeypot.
        if petition.requires_confirmation:
            message = gettext("Thank you. Please check your e-mail and confirm your signature with the link we sent.")
            return Response({"status": "confirmation_sent", "message": message}, status=status.HTTP_202_ACCEPTED)
        thank_you_text = petition.in_language().thank_you_text
        return Response({"status": "signed", "message": thank_you_text}, status=status.HTTP_201_CREATED)


def sign_with(request, petition, body, throttle):
    """Sign with the JSON body; None once signed, else the errors and status to answer."""
    referrer = request.headers.get("Referer") or request.headers.get("Origin") or ""
    channel = share_channel(body.get(SOURCE_PARAMETER) or "", request.headers.get("Referer", ""))
    form, refusal = sign_with_data(
        petition,
        form_data(body),
        request,
        throttle,
        source=SignatureSource.API,
        referrer=referrer,
        share_channel=channel,
    )
    if refusal:
        return {NON_FIELD_ERRORS: [str(refusal)]}, status.HTTP_409_CONFLICT
    if not form.is_valid():
        errors = form.errors.get_json_data()
        return {field: [error["message"] for error in errors[field]] for field in errors}, status.HTTP_400_BAD_REQUEST
    return None
