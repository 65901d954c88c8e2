"""Starting and stopping gunicorn with the bench settings, and reading its workers' memory."""

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

HOST = "127.0.0.1"
PORT = 8301
START_TIMEOUT_SECONDS = 60
STOP_TIMEOUT_SECONDS = 30
# The export of a million rows takes longer than gunicorn's default 30 s worker timeout.
WORKER_TIMEOUT_SECONDS = 300


class Server:
    def __init__(self, process, port):
        self.process = process
        self.base_url = f"http://{HOST}:{port}"

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def peak_worker_rss_mb(self):
        """The largest peak resident set size (VmHWM) of any worker since it started, in MB."""
        peaks = []
        for pid in self.worker_pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
        return max(peaks, default=0.0)


def _wait_until_up(server, log_path):
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.process.returncode}; see {log_path}")
        try:
            urllib.request.urlopen(server.base_url + "/", timeout=5)  # noqa: S310 - our own loopback server
            return
        except urllib.error.HTTPError:
            return  # any HTTP answer means a worker is serving
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {START_TIMEOUT_SECONDS} s; see {log_path}")


@contextmanager
def gunicorn(env, workers, log_path, port=PORT):
    """gunicorn serving the site with `workers` sync workers on the loopback, stopped (SIGTERM) on exit."""
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "campaign_cms.wsgi:application",
        f"--bind={HOST}:{port}",
        f"--workers={workers}",
        f"--timeout={WORKER_TIMEOUT_SECONDS}",
        "--log-level=warning",
    ]
    with open(log_path, "a") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    server = Server(process, port)
    try:
        _wait_until_up(server, log_path)
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def environment(database_url, redis_url):
    """The production contract's environment variables, set for a local benchmark."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(Path(__file__).resolve().parent.parent), os.environ.get("PYTHONPATH")])
        ),
        "SECRET_KEY": "bench-only-secret-key-not-for-production-use-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "WAGTAILADMIN_BASE_URL": "http://127.0.0.1",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECURE_SSL_REDIRECT": "false",
        "RECAPTCHA_DISABLED": "true",
        "PETITIONS_RATE_LIMIT": "off",
        "COMMENTS_RATE_LIMIT": "off",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
