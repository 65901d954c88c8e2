"""Production queues tasks with django-tasks-db's own database backend: a signature and its confirmation e-mail's
task are stored by one transaction or not at all, and the worker sends the e-mail."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import DataError, transaction

from campaign_common.tasks import task_backends
from petitions.models import Petition, Signature
from tests.confirmations import confirmation_tasks, sign
from tests.test_settings import PRODUCTION, manage

PRODUCTION_BACKEND = "django_tasks_db.DatabaseBackend"


@pytest.fixture
def backend(settings):
    settings.TASKS = {"default": {"BACKEND": PRODUCTION_BACKEND}}
    settings.PETITIONS_RATE_LIMIT = "off"
    return task_backends["default"]


@pytest.fixture
def petition(db):
    return Petition.objects.create(title="Keep the unit", target="The Commissioner", ask="Keep it open.")


@pytest.mark.slow
def test_production_enqueues_through_django_tasks_db():
    code = "from campaign_common.tasks import task_backends; print(type(task_backends['default']).__module__)"
    result = manage("shell", "-c", code, **PRODUCTION)

    assert result.stdout.strip().splitlines()[-1].startswith("django_tasks_db"), result.stderr


def test_a_signature_and_its_email_task_are_stored_together_once(backend, petition, settings):
    settings.PETITIONS_MAX_CONFIRMATION_RESENDS = 0  # so signing again enqueues nothing

    first, again = sign(petition, "ada@example.org"), sign(petition, "ADA@example.org")

    signature = Signature.objects.get()
    task = confirmation_tasks().get()
    assert (first.status_code, again.status_code) == (202, 202)
    assert task.args_kwargs == {"args": [], "kwargs": {"signature_id": signature.pk, "base_url": "http://testserver"}}
    assert task.status == "READY" and mail.outbox == []


@pytest.mark.postgres  # SQLite stores a text longer than its column; PostgreSQL refuses it
def test_a_signature_whose_task_cannot_be_stored_is_not_stored(backend, petition, monkeypatch):
    monkeypatch.setattr(backend, "alias", "a backend name longer than its column's 32 characters" * 4)

    with pytest.raises(DataError), transaction.atomic():  # the test's own transaction stays usable
        sign(petition, "ada@example.org")

    assert not Signature.objects.exists() and not confirmation_tasks().exists()


@pytest.mark.django_db(transaction=True)  # the worker closes the database connection
def test_a_signature_waits_for_the_worker_which_sends_its_confirmation(backend, petition):
    response = sign(petition, "ada@example.org")
    waiting = confirmation_tasks().get()
    assert response.status_code == 202 and mail.outbox == []
    assert waiting.args_kwargs["kwargs"]["signature_id"] == Signature.objects.get().pk

    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", "--verbosity", "0")

    waiting.refresh_from_db()
    assert waiting.status == "SUCCESSFUL"
    assert [message.to for message in mail.outbox] == [["ada@example.org"]]
