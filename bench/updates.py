"""The updates scenario (issue 20): queue an update to a petition's consenting signers (1,000,000 in `make bench`),
then let a real `manage.py db_worker` send a sample of it to an SMTP sink on the loopback (bench.smtp_sink, a process
of its own), pause it, and check the sink against the delivery table: every message sent arrived once, none twice,
none missed. Measures the queuing time, the send rate and the worker's peak memory (VmHWM)."""

import json
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

from django.db import connection
from django_tasks_db.models import DBTaskResult

from campaign_common.tasks import TaskResultStatus
from petitions import tasks, updates
from petitions.models import DeliveryState, PetitionUpdate, UpdateDelivery, UpdateState

from .scenarios import Check, Row
from .seed import add_confirmed_signatures, make_petition

REPOSITORY = Path(__file__).resolve().parent.parent
QUEUE_TARGET_SECONDS = 60
MEMORY_TARGET_MB = 200
START_TIMEOUT_SECONDS = 60
POLL_SECONDS = 0.5
# Settings of the worker's sending, passed to bench.settings through the environment.
BATCH_SIZE = 500
RATE = 100_000  # messages per second: far above what one worker reaches, so the measure is the worker's own speed


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_sink(folder):
    """The sink process; yields a function that stops it and returns its {(message id, recipient): copies}."""
    port, output = free_port(), Path(folder) / "sink.json"
    process = subprocess.Popen(  # noqa: S603 - our own module
        [sys.executable, "-m", "bench.smtp_sink", str(port), str(output)], stdout=subprocess.PIPE, text=True
    )
    stopped = {}

    def stop():
        if not stopped:
            process.terminate()
            process.wait(timeout=60)
            rows = json.loads(output.read_text())
            stopped["copies"] = {(message_id, recipient): copies for message_id, recipient, copies in rows}
        return stopped["copies"]

    try:
        if process.stdout.readline().strip() != "ready":
            raise RuntimeError("the SMTP sink did not start")
        yield port, stop
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@contextmanager
def db_worker(env, log_path):
    """`manage.py db_worker` with the bench's settings; yields its process."""
    command = [sys.executable, "manage.py", "db_worker", "--interval", "0.1", "--no-startup-delay"]
    with open(log_path, "a") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=REPOSITORY)  # noqa: S603
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def peak_rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def queue_update(petition):
    """Write an update and queue it (tasks.start_update, as the admin's send button does); returns it and the
    seconds queuing took."""
    update = PetitionUpdate.objects.create(
        petition=petition, subject="The commissioner answered", body="<p>She will <b>review</b> the decision.</p>"
    )
    started = time.monotonic()
    tasks.start_update(update)
    return update, time.monotonic() - started


def drop_other_waiting_tasks():
    """In `make bench` the signing scenarios run first with no worker, and leave their confirmation e-mails waiting:
    the worker would send those first, and to the sink. They are the earlier scenarios' (already counted there), so
    they are dropped; only the update's tasks are left to run."""
    DBTaskResult.objects.filter(status=TaskResultStatus.READY).exclude(task_path=tasks.send_update.module_path).delete()


def send_sample(update, sample, env, sink_port, folder):
    """Let a db_worker send until `sample` messages are sent, then pause the update and stop the worker; returns
    (messages sent, seconds, worker's peak RSS in MB)."""
    worker_env = {**env, "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": "127.0.0.1"}
    worker_env |= {"EMAIL_PORT": str(sink_port), "BENCH_UPDATE_BATCH_SIZE": str(BATCH_SIZE)}
    worker_env |= {"BENCH_UPDATE_RATE": str(RATE)}
    sent = update.deliveries.filter(state=DeliveryState.SENT)
    with db_worker(worker_env, Path(folder) / "db_worker.log") as worker:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while not sent.exists():
            if worker.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"db_worker sent nothing; see {Path(folder) / 'db_worker.log'}")
            time.sleep(POLL_SECONDS / 10)
        started = time.monotonic()
        while sent.count() < sample and worker.poll() is None:
            if PetitionUpdate.objects.get(pk=update.pk).state == UpdateState.SENT:
                break
            time.sleep(POLL_SECONDS)
        updates.pause(update)
        # Pausing stops after the current batch: wait for it to end.
        while update.deliveries.filter(state=DeliveryState.CLAIMED).exists() and worker.poll() is None:
            time.sleep(POLL_SECONDS / 10)
        seconds = time.monotonic() - started
        peak = peak_rss_mb(worker.pid)
    return sent.count(), seconds, peak


def delivery_checks(update, copies):
    """The sink's copies against the delivery table: the same set of messages, each once."""
    sent_ids = {
        updates.message_id(update.pk, signature_id): email
        for signature_id, email in UpdateDelivery.objects.filter(update=update, state=DeliveryState.SENT)
        .values_list("signature_id", "signature__email")
        .iterator(chunk_size=10_000)
    }
    received = Counter(message_id for message_id, _recipient in copies)
    return [
        Check("updates: copies received twice or more", 0, sum(1 for number in copies.values() if number > 1)),
        Check("updates: sent in the table, missing at the sink", 0, len(sent_ids.keys() - received.keys())),
        Check("updates: received, not marked sent (interrupted at most)", 0, len(received.keys() - sent_ids.keys())),
        Check(
            "updates: received by the signer they were for",
            len(copies),
            sum(1 for (message_id, recipient) in copies if sent_ids.get(message_id) == recipient),
        ),
    ]


def run(outcome, env, signers, sample):
    """Seed `signers` consenting signers, queue an update to them, send `sample` of it; add rows and checks."""
    folder = tempfile.mkdtemp(prefix="bench-updates-")
    print(f"updates: seeding {signers:,} consenting signers (logs in {folder})", flush=True)
    petition = make_petition("Updates")
    add_confirmed_signatures(petition, signers, consent_every=1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE petitions_signature")
    update, queue_seconds = queue_update(petition)
    queued = update.deliveries.count()
    outcome.rows.append(
        Row(
            f"Updates: queue an update to {queued:,} signers",
            queue_seconds,
            unit="s",
            target=f"≤ {QUEUE_TARGET_SECONDS} s",
            met=queue_seconds <= QUEUE_TARGET_SECONDS,
        )
    )
    outcome.checks.append(Check("updates: deliveries queued = consenting signers", signers, queued))
    drop_other_waiting_tasks()
    with smtp_sink(folder) as (port, stop_sink):
        sent, seconds, peak = send_sample(update, sample, env, port, folder)
        copies = stop_sink()
    rate = sent / seconds if seconds else 0.0
    outcome.rows.append(
        Row(
            f"Updates: send {sent:,} to an SMTP sink (1 db_worker, batches of {BATCH_SIZE})",
            rate,
            unit="msg/s",
            queries="1 UPDATE per message",
        )
    )
    outcome.rows.append(
        Row(
            "Updates: the worker's peak memory (VmHWM)",
            peak,
            unit="MB",
            target=f"≤ {MEMORY_TARGET_MB} MB",
            met=peak <= MEMORY_TARGET_MB,
        )
    )
    outcome.checks.extend(delivery_checks(update, copies))
    print(f"updates: queued {queued:,} in {queue_seconds:.1f} s; sent {sent:,} at {rate:,.0f}/s; peak {peak:.0f} MB")
    return update
