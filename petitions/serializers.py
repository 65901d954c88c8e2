"""The public JSON shape of a petition, shared by the petitions API and PetitionBlock. No signer's data, ever.

The return annotations of the method fields describe them in the OpenAPI document (drf-spectacular reads them).
"""

from typing import TypedDict

from django.urls import reverse
from django_countries import countries
from rest_framework import serializers

from .conf import app_settings
from .forms import ClientCaptcha, captcha_for_clients
from .models import FieldChoice, Petition, PetitionStatus


def absolute_url(request, path):
    return request.build_absolute_uri(path) if request is not None else path


class PetitionURLs(TypedDict):
    detail: str
    sign: str
    sign_form: str


class CountryCount(TypedDict):
    country: str
    name: str
    count: int


class DayCount(TypedDict):
    date: str
    count: int


class PetitionSerializer(serializers.ModelSerializer):
    """A petition's public data with its live confirmed count and the URLs to read and sign it."""

    signature_count = serializers.IntegerField(read_only=True)
    status = serializers.ChoiceField(choices=PetitionStatus.choices, read_only=True)
    collected_fields = serializers.DictField(child=serializers.ChoiceField(choices=FieldChoice.choices), read_only=True)
    captcha = serializers.SerializerMethodField()
    urls = serializers.SerializerMethodField()

    class Meta:
        model = Petition
        fields = [
            "id",
            "title",
            "target",
            "ask",
            "goal",
            "signature_count",
            "status",
            "opens_at",
            "closes_at",
            "requires_confirmation",
            "collected_fields",
            "consent_text",
            "consent_required",
            "privacy_notice",
            "thank_you_text",
            "captcha",
            "urls",
        ]

    def get_captcha(self, petition) -> ClientCaptcha:
        return captcha_for_clients()

    def get_urls(self, petition) -> PetitionURLs:
        request = self.context.get("request")
        return {
            "detail": absolute_url(request, reverse(f"{app_settings.API_URL_NAMESPACE}:detail", args=[petition.pk])),
            "sign": absolute_url(request, reverse(f"{app_settings.API_URL_NAMESPACE}:sign", args=[petition.pk])),
            "sign_form": absolute_url(request, reverse("petitions:sign", args=[petition.pk])),
        }


class PetitionDetailSerializer(PetitionSerializer):
    """The petition with its confirmed counts by country and by day."""

    counts_by_country = serializers.SerializerMethodField()
    counts_by_day = serializers.SerializerMethodField()

    class Meta(PetitionSerializer.Meta):
        fields = [*PetitionSerializer.Meta.fields, "counts_by_country", "counts_by_day"]

    def get_counts_by_country(self, petition) -> list[CountryCount]:
        return [
            {"country": code, "name": countries.name(code), "count": count}
            for code, count in petition.counts_by_country()
        ]

    def get_counts_by_day(self, petition) -> list[DayCount]:
        return [{"date": day.isoformat(), "count": count} for day, count in petition.counts_by_day()]
