"""The example frontend (examples/headless/): it renders every body block type, finds the elements it needs, parses,
and is served as plain files on another origin, as `make headless-demo` does. The browser journey is in tests/e2e."""

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from blocks.body import CampaignBodyBlock

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "headless"
DEMO_PORTS = range(8201, 8210)


def app_source():
    return (EXAMPLE / "app.js").read_text()


def test_it_renders_every_block_type_of_a_campaign_page():
    renderers = re.search(r"var RENDERERS = \{(.*?)\};", app_source(), re.S).group(1)
    rendered = re.findall(r"^\s*(\w+): render\w+,$", renderers, re.M)

    assert rendered == list(CampaignBodyBlock.base_blocks)


def test_the_pages_load_their_files_and_have_the_elements_the_script_needs():
    index = (EXAMPLE / "index.html").read_text()
    for asset in ("config.js", "app.js", "style.css"):
        assert asset in index and (EXAMPLE / asset).exists()
    for element_id in re.findall(r'getElementById\("([\w-]+)"\)', app_source()):
        assert f'id="{element_id}"' in index, element_id
    embed = (EXAMPLE / "embed.html").read_text()
    assert 'id="petition-embed-frame"' in embed and "embed.js" in embed


def test_it_reads_the_api_of_make_run_by_default():
    assert 'apiBase: "http://127.0.0.1:8000"' in (EXAMPLE / "config.js").read_text()
    makefile = (EXAMPLE.parents[1] / "Makefile").read_text()
    assert "DEMO_PORT ?= 8001" in makefile and "--directory examples/headless" in makefile


def test_user_text_is_never_set_as_html():
    source = app_source()
    assert "innerHTML" not in source and "outerHTML" not in source and "insertAdjacentHTML" not in source


@pytest.mark.skipif(not shutil.which("node"), reason="needs node to parse the scripts")
def test_the_scripts_parse():
    for script in ("app.js", "config.js", "embed.js"):
        subprocess.run(["node", "--check", str(EXAMPLE / script)], check=True)


def free_demo_port():
    for port in DEMO_PORTS:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.skip("no free port in 8201-8209")


def fetch(url):
    """The body and content type at `url`, once the server there answers."""
    for _attempt in range(50):
        try:
            with urllib.request.urlopen(url) as response:  # noqa: S310 - our own server on 127.0.0.1
                return response.read().decode(), response.headers["Content-Type"]
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not answer")


def test_it_is_served_as_plain_files_on_an_origin_of_its_own():
    port = free_demo_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(EXAMPLE)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        page, _content_type = fetch(f"http://127.0.0.1:{port}/")
        _script, script_type = fetch(f"http://127.0.0.1:{port}/app.js")
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert '<main id="app">' in page
    assert "javascript" in script_type
