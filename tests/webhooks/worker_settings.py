"""Settings of the task worker that tests/webhooks/test_worker.py runs as a process of its own: the test settings with
the production task backend (django-tasks-db), on the database that DATABASE_URL names."""

from campaign_cms.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
WEBHOOKS_ALLOW_HTTP = True
WEBHOOKS_TIMEOUT = 60
