"""django-tasks-db's database backend with a lean enqueue: the same row, result and signal for a fraction of the CPU.

Every signature that needs confirming enqueues its e-mail inside the signing request. The parent's enqueue (the
ORM's create with its save signals, then a TaskResult built twice, each time importing the task and copying it)
took more of a signing request's CPU than storing the signature itself (BENCHMARKS.md). Here the row goes in with
one INSERT compiled once per database, most of its values are prepared once per task, and the TaskResult is built
once, from the task in hand.

A caller that stores a row and must enqueue a task for it (a signature and its confirmation e-mail) can have both
stored by one statement on PostgreSQL (enqueue_with_insert): no BEGIN and COMMIT, each a round trip to the database.

Like bulk_create, the INSERT sends no pre_save or post_save signal. django-tasks-db connects one receiver, which
stores "no delay" as a date far in the future in `run_after`; enqueue() does that itself. The tests compare the
rows with those of django-tasks-db's own backend.
"""

import copy
import functools

from django.db import connections, router
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db import DatabaseBackend as ORMDatabaseBackend
from django_tasks_db.backend import TaskResult
from django_tasks_db.compat import normalize_json, task_enqueued
from django_tasks_db.utils import normalize_uuid

# The columns that differ between two enqueues of one task. The others hold the task's path, priority and queue, the
# backend's name or the model's defaults, so their database values are prepared once per task.
PER_ENQUEUE_FIELDS = frozenset({"id", "enqueued_at", "args_kwargs", "run_after"})


class DatabaseBackend(ORMDatabaseBackend):
    def __init__(self, alias, params):
        super().__init__(alias, params)
        # (database, task path, priority, queue) -> the database values of a row's columns, see _prepare_per_task_values
        self._prepared_values = {}

    def enqueue(self, task, args, kwargs):
        db_result, args_kwargs, alias, values = self._row(task, args, kwargs)
        with connections[alias].cursor() as cursor:
            cursor.execute(_insert_sql(type(db_result), alias), values)
        return self._enqueued(db_result, task, args_kwargs, alias)

    def can_enqueue_with_insert(self, using):
        """Whether enqueue_with_insert() can store tasks together with rows of the database `using`: when the task
        table is there too, on PostgreSQL (SQLite has no INSERT inside WITH)."""
        from django_tasks_db.models import DBTaskResult

        return router.db_for_write(DBTaskResult) == using and connections[using].vendor == "postgresql"

    def enqueue_with_insert(self, task, kwargs, id_kwarg, insert_sql, params, using):
        """Run the caller's `INSERT ... RETURNING <one column>` on the database `using` and, if it stored a row,
        enqueue `task` with `kwargs[id_kwarg]` set to the returned value, both in one statement: the row and its task
        are stored together or not at all, without the BEGIN and COMMIT round trips of a transaction. Returns the
        returned value, or None when the INSERT stored no row (and no task was stored). See can_enqueue_with_insert.
        """
        db_result, args_kwargs, alias, values = self._row(task, (), {**kwargs, id_kwarg: None})
        if alias != using:
            raise ValueError(f"tasks are stored in the database {alias!r}, not {using!r} (can_enqueue_with_insert)")
        # The task's parameters, with the key under which the row's value goes next to its arguments.
        position = _args_kwargs_position(type(db_result)) + 1
        task_params = [*values[:position], id_kwarg, *values[position:]]
        with connections[alias].cursor() as cursor:
            cursor.execute(_insert_with_row_sql(type(db_result), alias, insert_sql), [*params, *task_params])
            row = cursor.fetchone()
        if row is None:
            return None
        args_kwargs["kwargs"][id_kwarg] = row[0]
        self._enqueued(db_result, task, args_kwargs, alias)
        return row[0]

    def _row(self, task, args, kwargs):
        """The task's row, its arguments, its database and the database values of its columns."""
        # Imported here, as the parent does: the backend can be built before the app registry is ready.
        from django_tasks_db.models import DBTaskResult, get_date_max

        self.validate_task(task)
        args_kwargs = normalize_json({"args": args, "kwargs": kwargs})
        db_result = DBTaskResult(
            id=self._get_id(),
            enqueued_at=timezone.now(),
            args_kwargs=args_kwargs,
            priority=task.priority,
            task_path=task.module_path,
            queue_name=task.queue_name,
            backend_name=self.alias,
            run_after=task.run_after or get_date_max(),
        )
        model = type(db_result)
        alias = router.db_for_write(model, instance=db_result)
        connection = connections[alias]
        key = (alias, db_result.task_path, db_result.priority, db_result.queue_name)
        if key not in self._prepared_values:
            self._prepared_values[key] = _prepare_per_task_values(db_result, connection)
        values = list(self._prepared_values[key])
        for index, field in _per_enqueue_fields(model):
            values[index] = field.get_db_prep_save(getattr(db_result, field.attname), connection)
        return db_result, args_kwargs, alias, values

    def _enqueued(self, db_result, task, args_kwargs, alias):
        """The TaskResult of a row just stored, announced with `task_enqueued` as the parent does."""
        db_result._state.adding = False
        db_result._state.db = alias
        task_result = TaskResult(
            db_result=db_result,
            task=task,
            id=normalize_uuid(db_result.id),
            status=TaskResultStatus.READY,
            enqueued_at=db_result.enqueued_at,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args_kwargs["args"],
            kwargs=args_kwargs["kwargs"],
            backend=self.alias,
            errors=[],
            worker_ids=db_result.worker_ids,
        )
        task_enqueued.send(type(self), task_result=task_result)
        return task_result


def _prepare_per_task_values(db_result, connection):
    """The database values of every column of `db_result` in order, None for those set per enqueue."""
    # From a copy that nobody else holds: a default such as the list of worker ids is mutable, and a prepared JSON
    # value keeps a reference to it.
    template = copy.deepcopy(db_result)
    return [
        None
        if field.attname in PER_ENQUEUE_FIELDS
        else field.get_db_prep_save(getattr(template, field.attname), connection)
        for field in template._meta.concrete_fields
    ]


@functools.cache
def _per_enqueue_fields(model):
    return [
        (index, field) for index, field in enumerate(model._meta.concrete_fields) if field.attname in PER_ENQUEUE_FIELDS
    ]


@functools.cache
def _args_kwargs_position(model):
    return [field.attname for field in model._meta.concrete_fields].index("args_kwargs")


def _insert_into(model, alias):
    quote = connections[alias].ops.quote_name
    columns = ", ".join(quote(field.column) for field in model._meta.concrete_fields)
    return f"INSERT INTO {quote(model._meta.db_table)} ({columns})"


@functools.cache
def _insert_sql(model, alias):
    """INSERT INTO <table> (<every column>) VALUES (...), quoted for the database `alias`."""
    placeholders = ", ".join(["%s"] * len(model._meta.concrete_fields))
    return f"{_insert_into(model, alias)} VALUES ({placeholders})"


@functools.cache
def _insert_with_row_sql(model, alias, insert_sql):
    """WITH inserted AS (<insert_sql>) INSERT INTO <table> ... SELECT ... FROM inserted, the arguments taking the
    row's value under a key given as a parameter; then the row's value (PostgreSQL: data-modifying WITH)."""
    arguments = "jsonb_set(%s::jsonb, ARRAY['kwargs', %s], to_jsonb(inserted.value))"
    values = ", ".join(arguments if field.attname == "args_kwargs" else "%s" for field in model._meta.concrete_fields)
    # Names come from the model and the caller's statement from its code; values go as parameters.
    enqueued = f"{_insert_into(model, alias)} SELECT {values} FROM inserted"  # noqa: S608
    return f"WITH inserted (value) AS ({insert_sql}), enqueued AS ({enqueued}) SELECT value FROM inserted"  # noqa: S608
