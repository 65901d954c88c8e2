"""Real processes for the reliability tests, each stopped by its fixture's finaliser:

- a PostgreSQL cluster of the suite's own (initdb + pg_ctl on a free port from 55400-55499), so that a test can
  restart it without touching the PostgreSQL that other engineers and CI share; it holds a migrated template
  database with the demo site, and each test gets a fresh copy of it;
- Redis servers of their own (redis-server on a free port), so that a test can stop one;
- gunicorn app servers with production settings on free ports from 8401-8409;
- a small HTTP client whose answers record connection failures instead of raising them.

The tests print their figures (run them with -s); RELIABILITY.md quotes them.
"""

import contextlib
import http.client
import itertools
import json
import os
import secrets
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
POSTGRES_BIN = Path("/usr/lib/postgresql/15/bin")
APP_PORTS = range(8401, 8410)
SERVICE_PORTS = range(55400, 55500)
TEMPLATE_DATABASE = "campaign_template"
START_TIMEOUT_SECONDS = 30


def free_port(ports):
    """The first port in `ports` that nothing listens on (as gunicorn and redis bind: with SO_REUSEADDR)."""
    for port in ports:
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"No free port in {ports}")


def wait_until(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise TimeoutError(f"Gave up waiting for {what} after {timeout}s")


def stop_process(process, timeout=10):
    """SIGTERM the process, then SIGKILL its group if it has not gone after `timeout` seconds."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


# --- In-process site -----------------------------------------------------------------------------------------


@dataclass
class Campaign:
    petition: object
    page: object


@pytest.fixture
def campaign(make_campaign_page, settings):
    """A petition that asks for every optional field, on a page with a discussion; no rate limits, comments
    published at once (so that what they show can be checked)."""
    from petitions.models import Petition

    settings.PETITIONS_RATE_LIMIT = settings.COMMENTS_RATE_LIMIT = "off"
    settings.COMMENTS_MODERATION = "none"
    petition = Petition.objects.create(
        title="Keep the unit open",
        target="The Police Commissioner",
        ask="Keep the anti-trafficking unit open.",
        postcode_field="optional",
        country_field="optional",
        comment_field="optional",
    )
    page = make_campaign_page(
        body=[
            {"type": "petition", "value": {"petition": petition.pk, "show_progress": True}},
            {"type": "comments", "value": {}},
        ]
    )
    return Campaign(petition, page)


# --- PostgreSQL ---------------------------------------------------------------------------------------------


class PostgresCluster:
    """A throwaway cluster in a temporary folder. It never flushes to disk (fsync off: it lives for one test run),
    but it still acknowledges a commit only once it is written, so "every 2xx is stored" means what it says."""

    def __init__(self, directory, port):
        self.directory = Path(directory)
        self.port = port
        self.data = self.directory / "data"

    def _run(self, *command):
        # initdb and postgres refuse to run as root; the machine's postgres account owns the folder instead.
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *map(str, command)], check=True, capture_output=True)

    def init(self):
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres")
        self._run(POSTGRES_BIN / "initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")

    def start(self):
        options = (
            f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        )
        self._run(POSTGRES_BIN / "pg_ctl", "-D", self.data, "-l", self.directory / "log", "-o", options, "-w", "start")

    def stop(self):
        self._run(POSTGRES_BIN / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def url(self, database):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def execute(self, sql, database="postgres"):
        with psycopg.connect(self.url(database), autocommit=True) as connection:
            connection.execute(sql)


def manage(*arguments, environment):
    subprocess.run([BIN / "python", "manage.py", *arguments], cwd=PROJECT_DIR, env=environment, check=True)


@pytest.fixture(scope="session")
def site_folders():
    """STATIC_ROOT for the collected static files (production's manifest storage needs them) and MEDIA_ROOT."""
    folder = Path(tempfile.mkdtemp(prefix="reliability-site-"))
    yield {"STATIC_ROOT": str(folder / "static"), "MEDIA_ROOT": str(folder / "media")}
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_cluster(site_folders):
    """The suite's own PostgreSQL with a migrated template database holding the demo site; the static files are
    collected meanwhile."""
    if not (POSTGRES_BIN / "initdb").exists():
        pytest.skip(f"needs PostgreSQL 15's server programs in {POSTGRES_BIN}")
    collecting = subprocess.Popen(
        [BIN / "python", "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=PROJECT_DIR,
        env=production_environment("sqlite://:memory:", **site_folders),
    )
    directory = tempfile.mkdtemp(prefix="reliability-postgres-")
    cluster = PostgresCluster(directory, free_port(SERVICE_PORTS))
    try:
        cluster.init()
        cluster.start()
        cluster.execute(f"CREATE DATABASE {TEMPLATE_DATABASE}")
        environment = production_environment(cluster.url(TEMPLATE_DATABASE), **site_folders)
        manage("migrate", "--noinput", "-v0", environment=environment)
        manage("load_demo", "-v0", environment=environment)
        assert collecting.wait() == 0, "collectstatic failed"
        yield cluster
    finally:
        collecting.wait()
        if (cluster.data / "postmaster.pid").exists():
            cluster.stop()
        shutil.rmtree(directory, ignore_errors=True)


_database_numbers = itertools.count(1)


@contextlib.contextmanager
def database_copy(cluster):
    """A fresh copy of the template database (migrated, demo site loaded), dropped afterwards; its URL."""
    name = f"app_{os.getpid()}_{next(_database_numbers)}"
    cluster.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE_DATABASE}")
    try:
        yield cluster.url(name)
    finally:
        cluster.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def app_database(postgres_cluster):
    with database_copy(postgres_cluster) as url:
        yield url


def query(database_url, sql, params=()):
    """The rows of one SQL statement, run outside the app servers (the tests' own view of what was stored)."""
    with psycopg.connect(database_url, autocommit=True) as connection:
        cursor = connection.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def query_value(database_url, sql, params=()):
    return query(database_url, sql, params)[0][0]


def new_petition_id(database_url, **changes):
    """A petition of the caller's own: a copy of the demo petition with the given columns changed (e.g.
    requires_confirmation=False). A new row rather than the demo one changed behind the servers' backs, which
    would apply only once their petition cache expires (PETITIONS_CACHE_SECONDS)."""
    columns = ", ".join(
        row[0]
        for row in query(
            database_url,
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'petitions_petition' AND column_name <> 'id' ORDER BY ordinal_position",
        )
    )
    copied = f"INSERT INTO petitions_petition ({columns}) SELECT {columns} FROM petitions_petition"  # noqa: S608
    petition_id = query_value(database_url, f"{copied} ORDER BY id LIMIT 1 RETURNING id")
    for column, value in changes.items():
        query(database_url, f"UPDATE petitions_petition SET {column} = %s WHERE id = %s", (value, petition_id))  # noqa: S608 - test-chosen column names
    return petition_id


# --- Redis ---------------------------------------------------------------------------------------------------


class RedisServer:
    """redis-server on its own port, without persistence; stop() and start() keep the port."""

    def __init__(self, port):
        self.port = port
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_until(self.answers, 10, f"Redis on port {self.port}")

    def answers(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self):
        if self.process is not None:
            stop_process(self.process)


@pytest.fixture
def redis_server():
    if shutil.which("redis-server") is None:
        pytest.skip("needs redis-server")
    server = RedisServer(free_port(SERVICE_PORTS))
    server.start()
    yield server
    server.stop()


# --- Mail ------------------------------------------------------------------------------------------------------


class SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough of SMTP (RFC 5321) for Django's SMTP backend: every message is accepted and kept."""

    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 test SMTP server")
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 test")
            elif command == "DATA":
                self.reply("354 end with <CRLF>.<CRLF>")
                message = b"".join(iter(self.rfile.readline, b".\r\n"))
                self.server.messages.append(message.decode(errors="replace"))
                self.reply("250 queued")
            elif command == "QUIT":
                self.reply("221 bye")
                return
            else:  # MAIL FROM, RCPT TO, RSET, NOOP
                self.reply("250 ok")


class SMTPServer(socketserver.ThreadingTCPServer):
    """A mail server on a local port that can be stopped: stop() closes the port, so connections are refused."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port):
        super().__init__(("127.0.0.1", port), SMTPHandler)
        self.port = port
        self.messages = []
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def stop(self):
        self.shutdown()
        self.server_close()


# --- App servers ---------------------------------------------------------------------------------------------


def production_environment(database_url, redis_url=None, **overrides):
    """What an app server's environment holds in production, for one machine without TLS."""
    environment = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "campaign_cms.settings.production",
        "SECRET_KEY": f"reliability-{secrets.token_urlsafe(40)}",
        "ALLOWED_HOSTS": "127.0.0.1",
        "WAGTAILADMIN_BASE_URL": "http://127.0.0.1",
        "DATABASE_URL": database_url,
        "RECAPTCHA_DISABLED": "true",
        "SECURE_SSL_REDIRECT": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "PETITIONS_RATE_LIMIT": "off",
        "COMMENTS_RATE_LIMIT": "off",
    }
    if redis_url:
        environment["REDIS_URL"] = redis_url
    environment.update(overrides)
    return environment


class AppServer:
    """gunicorn serving the site with deploy/gunicorn.conf.py, as `make serve` runs it."""

    def __init__(self, environment, port, log_path, workers=2):
        self.environment = environment
        self.port = port
        self.log_path = log_path
        self.workers = workers
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.launch()
        self.wait_until_ready()

    def launch(self):
        command = [
            BIN / "gunicorn",
            "campaign_cms.wsgi:application",
            "--config",
            "deploy/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
        ]
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                command, cwd=PROJECT_DIR, env=self.environment, stdout=log, stderr=log, start_new_session=True
            )

    def wait_until_ready(self):
        wait_until(self.ready, START_TIMEOUT_SECONDS, f"the app server on port {self.port} ({self.log_path})")

    def ready(self):
        if self.process.poll() is not None:
            raise RuntimeError(f"The app server exited: {Path(self.log_path).read_text()[-3000:]}")
        answer = request(self.url, "GET", "/healthz/", timeout=2)
        return answer.status is not None and len(self.worker_pids()) == self.workers

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def stop(self):
        # The test is over and no request needs finishing: gunicorn's own shutdown takes seconds, this none.
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


@pytest.fixture
def production_env(site_folders):
    """production_env(database_url, redis_url=None, **overrides): an app server's environment for these tests."""

    def make(database_url, redis_url=None, **overrides):
        return production_environment(database_url, redis_url, **site_folders, **overrides)

    return make


_ports_in_use = set()


@contextlib.contextmanager
def running_app_servers(environment, log_folder, count=1, workers=2):
    """`count` AppServers on free ports, started side by side and stopped on leaving."""
    servers = []
    try:
        for _ in range(count):
            port = free_port([port for port in APP_PORTS if port not in _ports_in_use])
            _ports_in_use.add(port)
            servers.append(AppServer(environment, port, Path(log_folder) / f"gunicorn-{port}.log", workers=workers))
            servers[-1].launch()
        for server in servers:
            server.wait_until_ready()
        yield servers
    finally:
        for server in servers:
            server.stop()
            _ports_in_use.discard(server.port)


@pytest.fixture
def start_app_servers(tmp_path):
    """start_app_servers(environment, count=1, workers=2) -> that many running AppServers; all are stopped at the
    end of the test."""
    with contextlib.ExitStack() as stack:
        yield lambda environment, count=1, workers=2: stack.enter_context(
            running_app_servers(environment, tmp_path, count, workers)
        )


# --- HTTP ----------------------------------------------------------------------------------------------------


@dataclass
class Answer:
    """One HTTP exchange: the status, or None and the error when the connection failed."""

    status: int | None
    headers: dict = field(default_factory=dict)
    body: bytes = b""
    error: str = ""
    sent_at: float = 0.0

    def json(self):
        return json.loads(self.body)

    @property
    def ok(self):
        return self.status is not None and 200 <= self.status < 300


def request(base_url, method, path, body=None, headers=None, timeout=10):
    host, port = base_url.removeprefix("http://").split(":")
    headers = dict(headers or {})
    if isinstance(body, dict):
        body = json.dumps(body)
        headers.setdefault("Content-Type", "application/json")
    sent_at = time.monotonic()
    connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return Answer(response.status, dict(response.getheaders()), response.read(), sent_at=sent_at)
    except (OSError, http.client.HTTPException) as error:
        return Answer(None, error=f"{type(error).__name__}: {error}", sent_at=sent_at)
    finally:
        connection.close()


def sign(base_url, petition_id, email, client_ip=None, timeout=10):
    """POST a signature to the JSON endpoint; `client_ip` arrives as X-Forwarded-For (TRUSTED_PROXY_COUNT=1)."""
    headers = {"X-Forwarded-For": client_ip} if client_ip else {}
    body = {"name": f"Signer {email.split('@')[0]}", "email": email}
    return request(base_url, "POST", f"/api/v2/petitions/{petition_id}/signatures/", body, headers, timeout)


def in_parallel(calls, threads=16):
    """Run the zero-argument callables on `threads` threads; their results in the same order."""
    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(lambda call: call(), calls))


def simultaneously(calls):
    """Run each callable on a thread of its own, all released at the same instant by a barrier."""
    barrier = threading.Barrier(len(calls))
    return in_parallel([lambda call=call: (barrier.wait(), call())[1] for call in calls], threads=len(calls))


def status_counts(answers):
    counts = {}
    for answer in answers:
        key = answer.status if answer.status is not None else "connection error"
        counts[key] = counts.get(key, 0) + 1
    return counts


class SigningLoad:
    """Threads that sign a petition, each request as a new signer, until `total` requests were sent or stop() is
    called; `answers` keeps (e-mail, Answer) pairs in the order they came back."""

    def __init__(self, base_url, petition_id, threads=8, total=None, pause=0.0):
        self.base_url, self.petition_id = base_url, petition_id
        self.total, self.pause = total, pause
        self.answers = []
        self._numbers = itertools.count()
        self._stopping = threading.Event()
        self._threads = [threading.Thread(target=self._run) for _ in range(threads)]

    def _run(self):
        while not self._stopping.is_set():
            number = next(self._numbers)
            if self.total is not None and number >= self.total:
                return
            email = f"load{number}@example.org"
            self.answers.append((email, sign(self.base_url, self.petition_id, email)))
            time.sleep(self.pause)

    def start(self):
        for thread in self._threads:
            thread.start()
        return self

    def stop(self):
        self._stopping.set()
        self.join()

    def join(self):
        for thread in self._threads:
            thread.join()
