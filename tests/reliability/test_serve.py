"""`make serve` (deploy/serve.sh): the production stack on one machine comes up, serves, sends the confirmation
e-mail through its task worker, and stops whole."""

import os
import signal
import subprocess

import pytest

from .conftest import APP_PORTS, PROJECT_DIR, free_port, new_petition_id, request, sign, wait_until

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


def processes_in_group(group):
    return subprocess.run(["pgrep", "-g", str(group)], capture_output=True, text=True).stdout.split()


def test_make_serve_runs_gunicorn_and_a_task_worker_and_stops_both(
    app_database, redis_server, production_env, tmp_path
):
    port = free_port(APP_PORTS)
    outbox = tmp_path / "sent-mail"
    environment = production_env(
        app_database,
        redis_server.url,
        BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(outbox),
    )
    with open(tmp_path / "serve.log", "wb") as log:
        stack = subprocess.Popen(
            ["deploy/serve.sh"], cwd=PROJECT_DIR, env=environment, stdout=log, stderr=log, start_new_session=True
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: request(base_url, "GET", "/healthz/").status == 200, 60, "make serve to answer")
        petition_id = new_petition_id(app_database)

        signed = sign(base_url, petition_id, "served@example.org")
        wait_until(lambda: outbox.exists() and any(outbox.iterdir()), 20, "the worker to send the e-mail")
        page = request(base_url, "GET", "/keep-the-anti-trafficking-unit-open/")
        stylesheet = request(base_url, "GET", page.body.decode().split('rel="stylesheet" href="')[1].split('"')[0])
    finally:
        os.kill(stack.pid, signal.SIGTERM)
        exit_status = stack.wait(30)

    message = next(outbox.iterdir()).read_text()
    assert signed.status == 202 and "served@example.org" in message and "/petitions/confirm/" in message
    assert page.status == 200 and stylesheet.status == 200  # collected static files, served by WhiteNoise
    assert exit_status == 0 and processes_in_group(stack.pid) == []
    assert request(base_url, "GET", "/healthz/").status is None
