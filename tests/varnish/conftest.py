"""Varnish in front of a live site, for the tests that check the cache as visitors meet it.

The site is the browser journeys' (tests/e2e/server.py: the demo site under `manage.py runserver` with its own
SQLite database), told that its public address is Varnish's, so that its page URLs and purges name what visitors
ask Varnish for. varnishd (Debian's `varnish`, installed by `make test` when missing) runs deploy/varnish/campaign.vcl
with the site as its backend (bench/varnish.py, which the benchmark runs too).
"""

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from bench.varnish import varnish, varnishd_path
from tests.e2e.server import HOST, LiveSite, free_ports

REPO_DIR = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(items):
    if varnishd_path() is not None:
        return
    for item in items:
        if item.get_closest_marker("varnish"):
            item.add_marker(pytest.mark.skip(reason="varnishd is not installed (make test installs Debian's varnish)"))


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class SiteBehindVarnish:
    """The live site and the Varnish in front of it; `act` runs tests/varnish/actions.py in the site's environment."""

    def __init__(self, site, cache):
        self.site = site
        self.url = cache.base_url
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
    varnish_port = free_port()
    varnish_url = f"http://{HOST}:{varnish_port}"
    (folder / "site").mkdir()
    site = LiveSite(folder / "site", site_port, folder / "server.log")
    site.environment.update(
        {
            # Visitors reach the site through Varnish: its address is the site's (the Wagtail Site, page URLs).
            "WAGTAILADMIN_BASE_URL": varnish_url,
            "FRONTEND_CACHE_VARNISH_URL": varnish_url,
            "ALLOWED_HOSTS": HOST,
        }
    )
    site.start()
    try:
        with varnish(folder / "varnish", varnish_port, site_port) as cache:
            yield SiteBehindVarnish(site, cache)
    finally:
        site.stop()
