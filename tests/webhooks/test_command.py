"""`manage.py webhooks add / list / remove` and their errors."""

import pytest
from django.core.management import CommandError, call_command
from standardwebhooks import Webhook

from webhooks.models import WebhookEndpoint

pytestmark = pytest.mark.django_db


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("webhooks", *args, stdout=out)
    return out.getvalue()


def test_add_prints_the_secret_once_and_list_never_shows_it(settings):
    settings.WEBHOOKS_ALLOW_HTTP = False
    output = run("add", "https://crm.example.org/hooks", "--events", "signature.confirmed,comment.published")

    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == ["signature.confirmed", "comment.published"] and endpoint.is_active
    assert endpoint.secret.startswith("whsec_") and endpoint.secret in output
    Webhook(endpoint.secret)  # a secret the standard library accepts
    listed = run("list")
    assert "https://crm.example.org/hooks" in listed and "signature.confirmed, comment.published" in listed
    assert endpoint.secret not in listed


def test_an_unknown_event_is_refused(settings):
    with pytest.raises(CommandError, match="Unknown event: signature.signed"):
        run("add", "https://crm.example.org/hooks", "--events", "signature.confirmed,signature.signed")
    assert not WebhookEndpoint.objects.exists()


def test_a_plain_http_url_is_refused_in_production(settings):
    settings.WEBHOOKS_ALLOW_HTTP = False
    settings.DEBUG = False
    with pytest.raises(CommandError, match="https://"):
        run("add", "http://crm.example.org/hooks", "--events", "signature.confirmed")
    with pytest.raises(CommandError, match="valid URL"):
        run("add", "ftp://crm.example.org/hooks", "--events", "signature.confirmed")

    settings.WEBHOOKS_ALLOW_HTTP = True
    run("add", "http://127.0.0.1:9000/hooks", "--events", "signature.confirmed")
    assert WebhookEndpoint.objects.count() == 1


def test_remove_by_id_or_url():
    run("add", "https://one.example.org/hooks", "--events", "signature.confirmed")
    run("add", "https://two.example.org/hooks", "--events", "signature.confirmed")
    first, second = WebhookEndpoint.objects.all()

    run("remove", str(first.pk))
    run("remove", "https://two.example.org/hooks")

    assert not WebhookEndpoint.objects.exists()
    with pytest.raises(CommandError, match="No endpoint"):
        run("remove", "https://three.example.org/hooks")
