"""The production task backend (campaign_cms.task_backend): the rows, `task_enqueued` signal and results of
django-tasks-db's own backend, from one INSERT, and in the caller's transaction; on PostgreSQL, a signature and its
confirmation e-mail's task in one statement."""

import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import DataError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tasks import task_backends
from django_tasks.signals import task_enqueued
from django_tasks_db.models import DBTaskResult, get_date_max

from petitions.models import Petition, Signature
from petitions.tasks import send_confirmation_email
from tests.test_settings import PRODUCTION, manage

PRODUCTION_BACKEND = "campaign_cms.task_backend.DatabaseBackend"
LIBRARY_BACKEND = "django_tasks_db.DatabaseBackend"
# Set when the row is stored, so they differ between any two rows.
PER_ROW_COLUMNS = {"id", "enqueued_at"}


@pytest.fixture
def backend(settings):
    settings.TASKS = {"default": {"BACKEND": PRODUCTION_BACKEND}}
    return task_backends["default"]


def confirmation_tasks():
    """The confirmation e-mails' tasks (saving a petition also queues its search-index update)."""
    return DBTaskResult.objects.filter(task_path=send_confirmation_email.module_path)


def stored_row(task_result):
    row = DBTaskResult.objects.filter(pk=task_result.id).values().get()
    return {column: value for column, value in row.items() if column not in PER_ROW_COLUMNS}


@pytest.mark.slow
def test_production_enqueues_through_this_backend():
    result = manage(
        "shell", "-c", "from django_tasks import task_backends; print(type(task_backends['default']))", **PRODUCTION
    )

    assert result.stdout.strip().splitlines()[-1] == f"<class '{PRODUCTION_BACKEND}'>", result.stderr


@pytest.mark.django_db
def test_a_task_is_stored_as_django_tasks_db_stores_it(settings, backend):
    delayed = send_confirmation_email.using(priority=5)

    ours = delayed.enqueue(signature_id=7, base_url="https://example.org/")
    settings.TASKS = {"default": {"BACKEND": LIBRARY_BACKEND}}
    theirs = delayed.enqueue(signature_id=7, base_url="https://example.org/")

    assert type(backend) is not type(task_backends["default"])  # the two rows came from the two backends
    assert stored_row(ours) == stored_row(theirs)
    # "No delay", stored as django-tasks-db's pre_save receiver stores it (ours sends no save signals).
    assert stored_row(ours)["run_after"] == get_date_max()
    assert stored_row(ours)["status"] == "READY"
    assert DBTaskResult.objects.get(pk=ours.id).enqueued_at is not None


@pytest.mark.django_db
def test_each_enqueue_stores_its_own_task_settings_and_values(settings):
    settings.TASKS = {"default": {"BACKEND": PRODUCTION_BACKEND, "QUEUES": ["default", "mail"]}}
    urgent = send_confirmation_email.using(priority=10, queue_name="mail")

    first = urgent.enqueue(signature_id=1, base_url="https://example.org/")
    first.worker_ids.append("a worker that never ran it")  # a caller changing its result changes no later row
    second = send_confirmation_email.enqueue(signature_id=2, base_url="https://example.org/")
    third = urgent.enqueue(signature_id=3, base_url="https://example.org/")

    rows = {row["args_kwargs"]["kwargs"]["signature_id"]: row for row in map(stored_row, (first, second, third))}
    assert [(rows[n]["priority"], rows[n]["queue_name"]) for n in (1, 2, 3)] == [
        (10, "mail"),
        (0, "default"),
        (10, "mail"),
    ]
    assert [rows[n]["worker_ids"] for n in (1, 2, 3)] == [[], [], []]
    assert len({first.id, second.id, third.id}) == 3


@pytest.mark.django_db
def test_enqueue_runs_one_query_sends_the_signal_once_and_returns_the_stored_result(backend, django_assert_num_queries):
    received = []

    def receiver(sender, task_result, **kwargs):
        received.append(task_result)

    task_enqueued.connect(receiver)
    try:
        with django_assert_num_queries(1):
            result = send_confirmation_email.enqueue(signature_id=3, base_url="https://example.org/")
    finally:
        task_enqueued.disconnect(receiver)

    assert received == [result]
    assert result.status == "READY" and result.kwargs == {"signature_id": 3, "base_url": "https://example.org/"}
    assert backend.get_result(result.id).id == result.id


@pytest.mark.django_db
def test_a_task_enqueued_in_a_transaction_that_fails_is_not_stored(backend):
    with pytest.raises(RuntimeError), transaction.atomic():
        send_confirmation_email.enqueue(signature_id=3, base_url="https://example.org/")
        raise RuntimeError("the signature could not be stored")

    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db(transaction=True)  # the worker closes the database connection
def test_a_signature_waits_for_the_worker_which_sends_its_confirmation(backend, settings):
    settings.PETITIONS_RATE_LIMIT = "off"
    petition = Petition.objects.create(title="Keep the unit", target="The Commissioner", ask="Keep it open.")

    response = Client().post(
        f"/api/v2/petitions/{petition.pk}/signatures/",
        json.dumps({"name": "Ada Lovelace", "email": "ada@example.org"}),
        content_type="application/json",
    )
    waiting = confirmation_tasks().get()
    assert response.status_code == 202 and mail.outbox == []
    assert waiting.args_kwargs["kwargs"]["signature_id"] == Signature.objects.get().pk

    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", "--verbosity", "0")

    waiting.refresh_from_db()
    assert waiting.status == "SUCCESSFUL"
    assert [message.to for message in mail.outbox] == [["ada@example.org"]]


def sign(petition, email):
    return Client().post(
        f"/api/v2/petitions/{petition.pk}/signatures/",
        json.dumps({"name": "Ada Lovelace", "email": email}),
        content_type="application/json",
    )


@pytest.mark.django_db
def test_a_signature_and_its_email_task_are_stored_together_once(backend, settings):
    settings.PETITIONS_RATE_LIMIT = "off"
    settings.PETITIONS_MAX_CONFIRMATION_RESENDS = 0  # so signing again enqueues nothing
    petition = Petition.objects.create(title="Keep the unit", target="The Commissioner", ask="Keep it open.")
    enqueued = []
    task_enqueued.connect(receiver := lambda sender, task_result, **kwargs: enqueued.append(task_result))
    try:
        first, again = sign(petition, "ada@example.org"), sign(petition, "ADA@example.org")
    finally:
        task_enqueued.disconnect(receiver)

    signature = Signature.objects.get()
    task = confirmation_tasks().get()
    assert (first.status_code, again.status_code) == (202, 202)
    assert task.args_kwargs == {"args": [], "kwargs": {"signature_id": signature.pk, "base_url": "http://testserver"}}
    assert [(result.id, result.kwargs) for result in enqueued] == [(str(task.pk), task.args_kwargs["kwargs"])]
    # The same row as an enqueue of the same task would store.
    plain = send_confirmation_email.enqueue(**task.args_kwargs["kwargs"])
    assert stored_row(plain) == stored_row(enqueued[0])


@pytest.mark.postgres
@pytest.mark.django_db
def test_on_postgresql_a_signature_and_its_task_are_one_statement(backend, settings):
    settings.PETITIONS_RATE_LIMIT = "off"
    petition = Petition.objects.create(title="Keep the unit", target="The Commissioner", ask="Keep it open.")
    sign(petition, "warm-up@example.org")  # the petition is read once, then cached

    with CaptureQueriesContext(connection) as queries:
        response = sign(petition, "ada@example.org")

    assert response.status_code == 202
    assert [query["sql"].split(" ", 1)[0] for query in queries] == ["WITH"]
    stored = Signature.objects.get(normalised_email="ada@example.org")
    assert DBTaskResult.objects.filter(args_kwargs__kwargs__signature_id=stored.pk).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db
def test_on_postgresql_a_signature_whose_task_cannot_be_stored_is_not_stored(backend, settings, monkeypatch):
    settings.PETITIONS_RATE_LIMIT = "off"
    petition = Petition.objects.create(title="Keep the unit", target="The Commissioner", ask="Keep it open.")
    monkeypatch.setattr(backend, "alias", "a backend name longer than its column's 32 characters")

    with pytest.raises(DataError), transaction.atomic():  # the test's own transaction stays usable
        sign(petition, "ada@example.org")

    assert not Signature.objects.exists() and not confirmation_tasks().exists()
