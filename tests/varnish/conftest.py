"""Varnish in front of a live site, for the tests that check the cache as visitors meet it.

The site is the browser journeys' (tests/e2e/server.py: the demo site under `manage.py runserver` with its own
SQLite database), told that its public address is Varnish's, so that its page URLs and purges name what visitors
ask Varnish for. varnishd (Debian's `varnish`, installed by `make test` when missing) runs deploy/varnish/campaign.vcl
with the site as its backend, in a working folder of its own.
"""

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.server import HOST, LiveSite, free_ports, tail

REPO_DIR = Path(__file__).resolve().parents[2]
VCL = REPO_DIR / "deploy" / "varnish" / "campaign.vcl"
BACKEND_PORT_LINE = '.port = "8000";'
VARNISHD = shutil.which("varnishd") or shutil.which("varnishd", path="/usr/sbin:/usr/local/sbin")
STARTUP_SECONDS = 30


def pytest_collection_modifyitems(items):
    for item in items:
        if item.get_closest_marker("varnish") and VARNISHD is None:
            item.add_marker(pytest.mark.skip(reason="varnishd is not installed (make test installs Debian's varnish)"))


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Varnish:
    """varnishd in the foreground on `port`, with the suite's VCL pointed at the backend on `backend_port`."""

    def __init__(self, folder, port, backend_port):
        self.folder = Path(folder)
        self.url = f"http://{HOST}:{port}"
        self.port = port
        vcl = VCL.read_text()
        assert BACKEND_PORT_LINE in vcl, f"{VCL} no longer names its backend's port as {BACKEND_PORT_LINE}"
        self.vcl_path = self.folder / "campaign.vcl"
        self.vcl_path.write_text(vcl.replace(BACKEND_PORT_LINE, f'.port = "{backend_port}";'))
        self.log_path = self.folder / "varnishd.log"
        self.process = None

    def start(self):
        command = [
            VARNISHD,
            "-F",
            # No privilege separation: the test's folders belong to whoever runs the tests.
            "-j",
            "none",
            "-n",
            str(self.folder / "work"),
            "-a",
            f"{HOST}:{self.port}",
            "-f",
            str(self.vcl_path),
            "-s",
            "malloc,32m",
        ]
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"varnishd exited ({self.process.returncode}):\n{tail(self.log_path)}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz/", timeout=5):  # noqa: S310 (loopback)
                    return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        raise RuntimeError(f"varnishd did not answer within {STARTUP_SECONDS}s:\n{tail(self.log_path)}")

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


class SiteBehindVarnish:
    """The live site and the Varnish in front of it; `act` runs tests/varnish/actions.py in the site's environment."""

    def __init__(self, site, varnish):
        self.site = site
        self.varnish = varnish
        self.url = varnish.url
        self.origin_url = site.url

    def act(self, *arguments):
        done = subprocess.run(
            [sys.executable, "-m", "tests.varnish.actions", *arguments],
            cwd=REPO_DIR,
            env=self.site.environment,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()


@pytest.fixture(scope="module")
def behind_varnish(tmp_path_factory):
    folder = tmp_path_factory.mktemp("varnish")
    (site_port,) = free_ports(1)
    varnish = Varnish(folder, free_port(), site_port)
    site = LiveSite(folder / "site", site_port, folder / "server.log")
    (folder / "site").mkdir()
    site.environment.update(
        {
            # Visitors reach the site through Varnish: its address is the site's (the Wagtail Site, page URLs).
            "WAGTAILADMIN_BASE_URL": varnish.url,
            "FRONTEND_CACHE_VARNISH_URL": varnish.url,
            "ALLOWED_HOSTS": HOST,
        }
    )
    site.start()
    try:
        varnish.start()
        yield SiteBehindVarnish(site, varnish)
    finally:
        varnish.stop()
        site.stop()
