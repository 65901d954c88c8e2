"""A real task worker (`manage.py db_worker`, django-tasks-db) killed while it is sending: no event is lost, and the
one it was sending reaches the receiver again only with the same webhook-id."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from petitions.signing import confirm_signature
from webhooks.models import DeliveryStatus

from .conftest import deliveries, make_due

PROJECT_DIR = Path(__file__).resolve().parents[2]


def wait_until(condition, timeout=30):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("gave up waiting")
        time.sleep(0.05)


def start_worker():
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.webhooks.worker_settings",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
    }
    command = [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.1"]
    return subprocess.Popen(command, cwd=PROJECT_DIR, env=env, start_new_session=True)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)  # the worker reads what the test commits
def test_a_worker_killed_mid_delivery_loses_no_event(endpoint, receiver, make_signature, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    receiver.answers = ["hang"]  # the first delivery is still in flight when the worker dies
    receiver.hang_seconds = 30
    for number in range(4):
        confirm_signature(make_signature(f"signer{number}@example.org"))
    assert receiver.received == []  # nothing is sent in the request

    worker = start_worker()
    try:
        wait_until(lambda: len(receiver.received) == 1)
        os.killpg(worker.pid, signal.SIGKILL)
    finally:
        worker.wait()
    in_flight = receiver.received[0].headers["webhook-id"]
    assert len(receiver.received) == 1

    make_due()  # pretend the dead worker's claim ran out
    call_command("webhooks", "deliver")
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", "--verbosity", "0")

    assert [d.status for d in deliveries()] == [DeliveryStatus.DELIVERED] * 4
    ids = [received.headers["webhook-id"] for received in receiver.received]
    assert len(ids) == 5 and ids.count(in_flight) == 2 and len(set(ids)) == 4
    assert all(received.verified for received in receiver.received)
