"""The public JSON shape of a petition, shared by the petitions API and PetitionBlock. No signer's data, ever."""

from django.urls import reverse
from django_countries import countries
from rest_framework import serializers

from .conf import app_settings
from .models import Petition


def absolute_url(request, path):
    return request.build_absolute_uri(path) if request is not None else path


class PetitionSerializer(serializers.ModelSerializer):
    """A petition's public data with its live confirmed count and the URLs to read and sign it."""

    signature_count = serializers.IntegerField(read_only=True)
    status = serializers.CharField(read_only=True)
    collected_fields = serializers.DictField(read_only=True)
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
            "urls",
        ]

    def get_urls(self, petition):
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

    def get_counts_by_country(self, petition):
        return [
            {"country": code, "name": countries.name(code), "count": count}
            for code, count in petition.counts_by_country()
        ]

    def get_counts_by_day(self, petition):
        return [{"date": day.isoformat(), "count": count} for day, count in petition.counts_by_day()]
