"""varnishd with the suite's VCL (deploy/varnish/campaign.vcl) in front of a server on this machine, in a working
folder of its own: the benchmark's through-cache scenario and the Varnish tests (tests/varnish) both run it."""

import shutil
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

HOST = "127.0.0.1"
VCL = Path(__file__).resolve().parent.parent / "deploy" / "varnish" / "campaign.vcl"
# How the VCL names its backend's port; replaced by the port of the server to put it in front of.
BACKEND_PORT_LINE = '.port = "8000";'
START_TIMEOUT_SECONDS = 30
STOP_TIMEOUT_SECONDS = 10


def varnishd_path():
    """varnishd's path, or None when it is not installed (Debian puts it in /usr/sbin)."""
    return shutil.which("varnishd") or shutil.which("varnishd", path="/usr/sbin:/usr/local/sbin")


class Varnish:
    def __init__(self, folder, port):
        self.workdir = Path(folder) / "work"
        self.base_url = f"http://{HOST}:{port}"

    def counters(self, *names):
        """{name: value} of varnishstat's counters, e.g. MAIN.cache_hit."""
        varnishstat = shutil.which("varnishstat") or shutil.which("varnishstat", path="/usr/bin:/usr/local/bin")
        fields = [argument for name in names for argument in ("-f", name)]
        output = subprocess.run(  # noqa: S603 - varnishstat of our own instance
            [varnishstat, "-n", str(self.workdir), "-1", *fields], capture_output=True, text=True, check=True
        ).stdout
        return {line.split()[0]: int(line.split()[1]) for line in output.splitlines() if line.strip()}


@contextmanager
def varnish(folder, port, backend_port):
    """varnishd on HOST:`port` in front of the server on HOST:`backend_port`, with 32 MB of cache; its log is
    `folder`/varnishd.log. Stopped on exit."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    vcl = VCL.read_text()
    if BACKEND_PORT_LINE not in vcl:
        raise RuntimeError(f"{VCL} no longer names its backend's port as {BACKEND_PORT_LINE}")
    vcl_path = folder / "campaign.vcl"
    vcl_path.write_text(vcl.replace(BACKEND_PORT_LINE, f'.port = "{backend_port}";'))
    log_path = folder / "varnishd.log"
    cache = Varnish(folder, port)
    command = [
        varnishd_path(),
        "-F",
        # No privilege separation: the working folder belongs to whoever runs it.
        "-j",
        "none",
        "-n",
        str(cache.workdir),
        "-a",
        f"{HOST}:{port}",
        "-f",
        str(vcl_path),
        "-s",
        "malloc,32m",
    ]
    with log_path.open("w") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603 - varnishd
    try:
        _wait_until_up(process, cache.base_url, log_path)
        yield cache
    finally:
        process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(process, base_url, log_path):
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"varnishd exited with {process.returncode}:\n{log_path.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{base_url}/healthz/", timeout=5):  # noqa: S310 - our loopback
                return
        except urllib.error.HTTPError:
            return  # any HTTP answer: Varnish is serving
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"varnishd did not answer within {START_TIMEOUT_SECONDS} s; see {log_path}")
