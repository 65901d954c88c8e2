"""django-tasks-db's database backend, storing each task with an INSERT built once rather than by the ORM's create.

Every signature that needs confirming enqueues its e-mail inside the signing request. The ORM's create compiled the
same INSERT for each one and the parent built the TaskResult twice: this takes about 30% off the CPU of an enqueue
(445 to 315 µs in-process, BENCHMARKS.md). The row, the signals and the result are the same as the parent's.
"""

import functools

from django.db import connections, router
from django.db.models.signals import post_save, pre_save
from django_tasks_db import DatabaseBackend as ORMDatabaseBackend
from django_tasks_db.compat import normalize_json, task_enqueued


class DatabaseBackend(ORMDatabaseBackend):
    def _task_to_db_task(self, task, args, kwargs):
        # Imported here, as the parent does: the backend can be built before the app registry is ready.
        from django_tasks_db.models import DBTaskResult

        db_result = DBTaskResult(
            id=self._get_id(),
            args_kwargs=normalize_json({"args": args, "kwargs": kwargs}),
            priority=task.priority,
            task_path=task.module_path,
            queue_name=task.queue_name,
            run_after=task.run_after,
            backend_name=self.alias,
        )
        insert(db_result)
        return db_result

    def enqueue(self, task, args, kwargs):
        # The parent builds the TaskResult twice, for the signal and for the caller, and each build imports the task.
        self.validate_task(task)
        task_result = self._task_to_db_task(task, args, kwargs).task_result
        task_enqueued.send(type(self), task_result=task_result)
        return task_result


def insert(instance):
    """Store a new `instance` whose primary key is already set, as `instance.save(force_insert=True)` would, with
    the same pre_save and post_save signals, but with a statement compiled once per model and database. For a model
    without parent models (one table), as DBTaskResult is."""
    model = type(instance)
    alias = router.db_for_write(model, instance=instance)
    connection = connections[alias]
    pre_save.send(sender=model, instance=instance, raw=False, using=alias, update_fields=None)
    values = [field.get_db_prep_save(field.pre_save(instance, add=True), connection) for field in _fields(model)]
    with connection.cursor() as cursor:
        cursor.execute(_insert_sql(model, alias), values)
    instance._state.adding = False
    instance._state.db = alias
    post_save.send(sender=model, instance=instance, created=True, update_fields=None, raw=False, using=alias)


def _fields(model):
    return model._meta.concrete_fields


@functools.cache
def _insert_sql(model, alias):
    quote = connections[alias].ops.quote_name
    columns = ", ".join(quote(field.column) for field in _fields(model))
    placeholders = ", ".join(["%s"] * len(_fields(model)))
    return f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608 - names from the model
