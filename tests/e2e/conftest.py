"""Fixtures of the browser journeys: the live site in a subprocess, Debian's Chromium driven by Playwright, browser
contexts (one per person) that never reach beyond this machine, and the run's artifacts in e2e-artifacts/.

Run them with `make e2e`; the default `pytest` run deselects them (marker `e2e`).
"""

import re
import shutil

import pytest
from playwright.sync_api import expect, sync_playwright

from .mailbox import Mailbox
from .server import REPO_DIR, LiveSite, example_frontend, free_ports

CHROMIUM = "/usr/bin/chromium"
# No sandbox (we run as root), and none of the background traffic a browser starts on its own.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS_DIR = REPO_DIR / "e2e-artifacts"
DESKTOP = {"width": 1280, "height": 900}
# Any request that leaves the loopback interface (the demo's OpenStreetMap iframe, Wagtail's links to its guide) is
# answered here, empty, so nothing leaves the machine and no page waits on the network.
EXTERNAL_URL = re.compile(r"^https?://(?!(127\.0\.0\.1|localhost)[:/])")
# The admin's pages are heavy for a 2-core machine running the server and the browser at once.
ACTION_TIMEOUT_MS = 15_000
expect.set_options(timeout=10_000)


@pytest.fixture(scope="session")
def artifacts():
    """e2e-artifacts/, emptied at the start of each run: screenshots, axe reports, the server's log, failures."""
    shutil.rmtree(ARTIFACTS_DIR, ignore_errors=True)
    (ARTIFACTS_DIR / "screenshots").mkdir(parents=True)
    return ARTIFACTS_DIR


@pytest.fixture(scope="session")
def ports():
    """The site's port and one for another origin (the headless frontend)."""
    return free_ports(2)


@pytest.fixture(scope="session")
def frontend_origin(ports):
    """The example frontend's origin: another port, and "localhost" rather than the site's 127.0.0.1."""
    return f"http://localhost:{ports[1]}"


@pytest.fixture(scope="session")
def site(tmp_path_factory, artifacts, ports, frontend_origin):
    live_site = LiveSite(
        tmp_path_factory.mktemp("site"), ports[0], artifacts / "server.log", cors_origins=[frontend_origin]
    )
    try:
        live_site.start()
        yield live_site
    finally:
        live_site.stop()


@pytest.fixture(scope="session")
def frontend(ports, artifacts):
    """examples/headless/ served on its own origin (frontend_origin), whose CORS the site allows."""
    server = example_frontend(ports[1], artifacts / "frontend.log")
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def mailbox(site):
    return Mailbox(site.mail_folder)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


REPORTS = pytest.StashKey[dict]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so that fixtures can tell whether it failed."""
    report = yield
    item.stash.setdefault(REPORTS, {})[report.when] = report
    return report


def watch_for_problems(page, problems):
    """Note uncaught script errors and what a Content-Security-Policy refused."""
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))

    def on_console(message):
        if "Content Security Policy" in message.text:
            problems.append(f"{page.url}: {message.text}")

    page.on("console", on_console)


def save_failure_screenshots(contexts, folder, test_name):
    folder.mkdir(exist_ok=True)
    for context_number, context in enumerate(contexts):
        for page_number, page in enumerate(context.pages):
            page.screenshot(path=folder / f"{test_name}-{context_number}-{page_number}.png", full_page=True)


@pytest.fixture
def new_page(browser, site, request, artifacts):
    """Open a page in a browser context of its own (its own cookies: one person). Keyword arguments go to
    `browser.new_context` (e.g. `viewport`, `bypass_csp`).

    Uncaught script errors and Content-Security-Policy refusals fail the test; when it fails, every open page is
    saved to e2e-artifacts/failures/.
    """
    contexts = []
    problems = []

    def open_page(**options):
        context = browser.new_context(**{"base_url": site.url, "viewport": DESKTOP, **options})
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        context.route(EXTERNAL_URL, lambda route: route.fulfill(status=204))
        contexts.append(context)
        page = context.new_page()
        watch_for_problems(page, problems)
        return page

    yield open_page

    call = request.node.stash.get(REPORTS, {}).get("call")
    if call is not None and call.failed:
        save_failure_screenshots(contexts, artifacts / "failures", request.node.name)
    for context in contexts:
        context.close()
    assert not problems, "Errors in the browser:\n" + "\n".join(problems)


@pytest.fixture
def page(new_page):
    """A visitor's page on a desktop-sized screen."""
    return new_page()


@pytest.fixture
def screenshot(artifacts):
    """Save a page or an element as e2e-artifacts/screenshots/<name>.png (docs/screenshots/ has the best of them)."""

    def save(target, name):
        target.screenshot(path=artifacts / "screenshots" / f"{name}.png")

    return save
