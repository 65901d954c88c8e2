"""Signing through the JSON endpoint and finding the confirmation e-mails' tasks, for the tests that run the worker."""

import json

from django.test import Client
from django_tasks_db.models import DBTaskResult

from petitions.tasks import send_confirmation_email


def confirmation_tasks():
    """The confirmation e-mails' tasks (saving a petition also queues its search-index update)."""
    return DBTaskResult.objects.filter(task_path=send_confirmation_email.module_path)


def sign(petition, email):
    """Sign as Ada Lovelace with `email`, in this process, through the JSON endpoint."""
    return Client().post(
        f"/api/v2/petitions/{petition.pk}/signatures/",
        json.dumps({"name": "Ada Lovelace", "email": email}),
        content_type="application/json",
    )
