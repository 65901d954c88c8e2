"""What the apps' e-mails share: header-safe one-line text, and messages to editors in their own admin language."""

import re

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from wagtail.users.models import UserProfile

# Runs of white space a header cannot hold (a template's line breaks among them), except the no-break spaces that a
# language's typography asks for (French inside « » and before : ; ! ?).
SPACES = re.compile(r"[^\S\xa0\u202f]+")


def one_line(text):
    """Header-safe text: names, titles and rendered subject templates may hold line breaks."""
    return SPACES.sub(" ", str(text)).strip()


def render_subject(template_name, context):
    return one_line(render_to_string(template_name, context))


def users_with_permission(permission):
    """Active users with an e-mail address who have `permission` (superusers among them), by id."""
    return (
        get_user_model()
        .objects.with_perm(permission, backend="django.contrib.auth.backends.ModelBackend")
        .exclude(email="")
        .order_by("pk")
    )


def message_to_editor(editor, template_prefix, context, from_email):
    """An e-mail to `editor` in their admin language, from the templates `<template_prefix>_subject.txt` and
    `<template_prefix>.txt`; one message per editor, so that none sees the others' addresses."""
    language = UserProfile.get_for_user(editor).get_preferred_language()
    with translation.override(language):
        return EmailMessage(
            subject=render_subject(f"{template_prefix}_subject.txt", context),
            body=render_to_string(f"{template_prefix}.txt", context),
            from_email=from_email,
            to=[editor.email],
            headers={"Content-Language": language},
        )
