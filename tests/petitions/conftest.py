"""Petition fixtures: petitions, a campaign page showing one, admin users, and helpers to sign and confirm."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django_recaptcha.client import RecaptchaResponse

from petitions.models import Petition


@pytest.fixture
def make_petition(db):
    def make(**fields):
        fields.setdefault("title", "Keep the unit open")
        fields.setdefault("target", "The Police Commissioner")
        fields.setdefault("ask", "Keep the anti-trafficking unit open.")
        fields.setdefault("goal", 100)
        return Petition.objects.create(**fields)

    return make


@pytest.fixture
def petition(make_petition):
    return make_petition(postcode_field="optional", country_field="optional", comment_field="optional")


@pytest.fixture
def petition_page(make_campaign_page, petition):
    """A published campaign page whose body holds the petition block."""
    return make_campaign_page(body=[{"type": "petition", "value": {"petition": petition.pk, "show_progress": True}}])


@pytest.fixture
def sign_url(petition):
    return f"/petitions/{petition.pk}/sign/"


@pytest.fixture
def api_sign_url(petition):
    return f"/api/v2/petitions/{petition.pk}/signatures/"


def form_data(**overrides):
    data = {"name": "Ada Lovelace", "email": "ada@example.org", "country": "GB", "website": ""}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def confirmation_path(message):
    """The confirmation page's path from a confirmation e-mail."""
    return re.search(r"http://testserver(/petitions/confirm/[^/\s]+/)", message.body).group(1)


@pytest.fixture
def captcha(settings, monkeypatch):
    """reCAPTCHA keys configured; Google's answer patched in: set `captcha.valid = False` to fail it."""
    settings.RECAPTCHA_PUBLIC_KEY = "public-test-key"
    settings.RECAPTCHA_PRIVATE_KEY = "private-test-key"

    class Answer:
        valid = True
        calls = []

        @classmethod
        def submit(cls, recaptcha_response, private_key, remoteip):
            cls.calls.append(recaptcha_response)
            return RecaptchaResponse(is_valid=cls.valid and bool(recaptcha_response), extra_data={"score": 0.9})

    Answer.calls = []
    monkeypatch.setattr("django_recaptcha.fields.client.submit", Answer.submit)
    return Answer


def user_with_permissions(django_user_model, username, *codenames):
    """A Wagtail admin user in a group of its own with the given petitions permissions."""
    user = django_user_model.objects.create_user(username, f"{username}@example.org", "password")
    group = Group.objects.create(name=f"{username} group")
    admin_access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    group.permissions.add(
        admin_access, *Permission.objects.filter(content_type__app_label="petitions", codename__in=codenames)
    )
    user.groups.add(group)
    return user


@pytest.fixture
def editor(django_user_model):
    """Manages petitions but may not see who signed."""
    return user_with_permissions(django_user_model, "editor", "add_petition", "change_petition", "view_petition")


@pytest.fixture
def organiser(django_user_model):
    """Manages petitions and sees and moderates signatures, without exporting e-mail addresses for delivery."""
    return user_with_permissions(
        django_user_model, "organiser", "change_petition", "view_petition", "view_signature", "change_signature"
    )


@pytest.fixture
def outbox():
    mail.outbox.clear()
    return mail.outbox
