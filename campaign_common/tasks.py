"""The task framework the apps' background work runs on: Django's own `django.tasks` from Django 6.0, the
django-tasks backport (the same API, under `django_tasks`) before it. Task backends come from the settings'
`TASKS` (see TASKS_MODULE for the matching backend paths)."""

import django

# The package whose `task` decorator and backends (`<module>.backends.immediate.ImmediateBackend`) this Django uses.
TASKS_MODULE = "django.tasks" if django.VERSION >= (6, 0) else "django_tasks"

if django.VERSION >= (6, 0):
    from django.tasks import TaskResultStatus, task, task_backends
else:
    from django_tasks import TaskResultStatus, task, task_backends

__all__ = ["TASKS_MODULE", "TaskResultStatus", "task", "task_backends"]
