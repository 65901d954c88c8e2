"""The live site the journeys run against: the host project under `manage.py runserver` in a subprocess, on a free
port in 8501-8509, with its own database, uploads and mailbox (the file e-mail backend) in a folder of the run. The
database is a SQLite file in that folder, or, when the run is on PostgreSQL (`DATABASE_URL`, as in CI's second
pass), a database of its own on that server, made for the run and dropped after it.

A subprocess rather than pytest-django's in-process `live_server`: the site runs as `make run` serves it, with its own
settings, database and cache, and Playwright's event loop never shares a thread with Django's ORM.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

REPO_DIR = Path(__file__).resolve().parents[2]
PORTS = range(8501, 8510)
HOST = "127.0.0.1"
STARTUP_SECONDS = 60
# Journeys sign and post far more often from one address than a person would; a generous limit keeps the rate
# limiter in the request path without refusing them.
RATE_LIMIT = "1000/300s"


def free_ports(count):
    """`count` ports of PORTS that nothing listens on now (other servers on this machine use the range too)."""
    found = []
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind((HOST, port))
            except OSError:
                continue
        found.append(port)
        if len(found) == count:
            return found
    raise RuntimeError(f"Fewer than {count} free ports in {PORTS.start}-{PORTS.stop - 1}.")


def wait_until_serving(url, process, log_path):
    """Return once `url` answers; fail with the log's end if the process exits or the time runs out."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"The server at {url} exited ({process.returncode}):\n{tail(log_path)}")
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 (a loopback URL of our own)
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise RuntimeError(f"The server at {url} did not answer within {STARTUP_SECONDS}s:\n{tail(log_path)}")


def tail(path, lines=40):
    return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])


class ServerProcess:
    """A server in a subprocess started from the checkout, its output in `log_path`; `start` returns once it answers
    at `url`."""

    def __init__(self, command, url, log_path, environment=None):
        self.command = command
        self.url = url
        self.log_path = Path(log_path)
        self.environment = environment
        self.process = None
        self.log = None

    def start(self):
        self.log = self.log_path.open("a")
        self.process = subprocess.Popen(
            self.command, cwd=REPO_DIR, env=self.environment, stdout=self.log, stderr=subprocess.STDOUT
        )
        wait_until_serving(f"{self.url}/", self.process, self.log_path)

    def stop(self):
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


class PostgresDatabase:
    """A database of the live site's own, `name`, on the PostgreSQL server that `server_url` names."""

    def __init__(self, server_url, name):
        self.server_url = server_url
        self.name = name
        self.url = urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))

    def _run(self, statement):
        with psycopg.connect(self.server_url, autocommit=True) as connection:
            connection.execute(statement)

    def create(self):
        self.drop()  # one left behind by an interrupted run
        self._run(f'CREATE DATABASE "{self.name}"')

    def drop(self):
        self._run(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


class LiveSite(ServerProcess):
    """The host project on `port`, seeded by tests/e2e/seed.py; `cors_origins` may call its API from a browser."""

    def __init__(self, folder, port, log_path, cors_origins=()):
        self.folder = Path(folder)
        self.mail_folder = self.folder / "mail"
        url = f"http://{HOST}:{port}"
        server_url = os.environ.get("DATABASE_URL", "")
        self.database = (
            PostgresDatabase(server_url, f"e2e_{port}") if server_url.startswith(("postgres:", "postgresql:")) else None
        )
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.e2e.settings",
            "DEBUG": "true",
            "DATABASE_URL": self.database.url if self.database else f"sqlite:///{self.folder / 'db.sqlite3'}",
            "E2E_MEDIA_ROOT": str(self.folder / "media"),
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(self.mail_folder),
            # Links in e-mails and the API's absolute URLs point at this server.
            "WAGTAILADMIN_BASE_URL": url,
            "CORS_ALLOWED_ORIGINS": ",".join(cors_origins),
            "PETITIONS_RATE_LIMIT": RATE_LIMIT,
            "COMMENTS_RATE_LIMIT": RATE_LIMIT,
            # No reCAPTCHA keys: captcha off, as in development (honeypot and rate limits still apply).
            "RECAPTCHA_PUBLIC_KEY": "",
            "RECAPTCHA_PRIVATE_KEY": "",
            "PYTHONUNBUFFERED": "1",
        }
        # A developer's Redis would share rate limits and cached counts with other servers: local memory only.
        environment.pop("REDIS_URL", None)
        command = [sys.executable, "manage.py", "runserver", f"{HOST}:{port}", "--noreload"]
        super().__init__(command, url, log_path, environment)

    def start(self):
        if self.database:
            self.database.create()
        with self.log_path.open("w") as log:
            subprocess.run(
                [sys.executable, "-m", "tests.e2e.seed"],
                cwd=REPO_DIR,
                env=self.environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                check=True,
            )
        super().start()

    def stop(self):
        super().stop()
        if self.database:
            self.database.drop()


def example_frontend(port, log_path):
    """examples/headless/ served as `make headless-demo` serves it, on `port`."""
    command = [sys.executable, "-m", "http.server", str(port), "--bind", HOST, "--directory", "examples/headless"]
    return ServerProcess(command, f"http://{HOST}:{port}", log_path)
