"""The load generator: N concurrent asyncio clients (aiohttp) against one URL, in a process of its own.

`python -m bench.load` reads a LoadSpec as JSON on stdin and prints a LoadResult as JSON. Every loop is bounded in
time (`seconds`) and in count (`max_requests`, and the `items` when the URL takes them). When the time is up each
client finishes the request it has in flight, so every request the server handled is counted exactly once: the
harness can compare rows in the database with successful responses.

Placeholders in the URL and in the body's string values: `{unique}` (distinct for every request of a run, e.g. for
e-mail addresses), `{item}` (the next line of `items`, e.g. a confirmation token; clients stop when they run out)
and `{csrf}` (the CSRF token each client reads once from `csrf_page`, sent back with its cookie, as a browser does).
"""

import asyncio
import json
import math
import re
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field

import aiohttp

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REQUEST_TIMEOUT_SECONDS = 60


@dataclass
class LoadSpec:
    url: str
    method: str = "GET"
    clients: int = 32
    seconds: float = 10
    max_requests: int = 500_000
    json_body: dict | None = None
    form_body: dict | None = None
    items: list[str] | None = None
    csrf_page: str | None = None
    ok_statuses: list[int] = field(default_factory=lambda: [200])
    run_label: str = "run"


@dataclass
class LoadResult:
    requests: int
    seconds: float
    rate: float
    p50_ms: float
    p99_ms: float
    errors: int
    statuses: dict

    @property
    def ok(self):
        return self.requests - self.errors


def percentile(sorted_values, fraction):
    """The nearest-rank percentile of an ascending list (0 for an empty one)."""
    if not sorted_values:
        return 0.0
    rank = max(0, min(len(sorted_values) - 1, math.ceil(fraction * len(sorted_values)) - 1))
    return sorted_values[rank]


def fill(value, replacements):
    """`value` with the placeholders replaced, recursively through dicts; other values unchanged."""
    if isinstance(value, dict):
        return {key: fill(item, replacements) for key, item in value.items()}
    if isinstance(value, str):
        for placeholder, replacement in replacements.items():
            value = value.replace(placeholder, replacement)
    return value


def summarise(latencies, statuses, seconds, ok_statuses):
    latencies = sorted(latencies)
    requests = len(latencies)
    errors = sum(count for status, count in statuses.items() if status not in ok_statuses)
    return LoadResult(
        requests=requests,
        seconds=round(seconds, 3),
        rate=round(requests / seconds, 1) if seconds else 0.0,
        p50_ms=round(1000 * percentile(latencies, 0.50), 2),
        p99_ms=round(1000 * percentile(latencies, 0.99), 2),
        errors=errors,
        statuses={str(status): count for status, count in sorted(statuses.items(), key=str)},
    )


async def read_csrf(session, url):
    """The CSRF cookie and form token a browser would get from `url`; read by hand, since the production cookie
    is marked Secure and the benchmark speaks plain HTTP on the loopback."""
    async with session.get(url) as response:
        html = await response.text()
        cookie = response.cookies.get("csrftoken")
    match = CSRF_INPUT.search(html)
    if cookie is None or match is None:
        raise RuntimeError(f"no CSRF cookie and token on {url} (HTTP {response.status})")
    return cookie.value, match.group(1)


class Run:
    """Shared state of one run: the deadline, the budget of requests, the items and what came back."""

    def __init__(self, spec):
        self.spec = spec
        self.items = iter(spec.items) if spec.items is not None else None
        self.deadline = 0.0
        self.started = 0
        self.latencies = []
        self.statuses = Counter()

    def next_item(self):
        """The next item for a request, "" when the spec takes none, or None when the run must stop."""
        if self.started >= self.spec.max_requests or time.monotonic() >= self.deadline:
            return None
        item = "" if self.items is None else next(self.items, None)
        if item is not None:
            self.started += 1
        return item


async def client(run, index, session, csrf):
    spec = run.spec
    headers = {}
    replacements = {}
    if csrf is not None:
        cookie, token = csrf
        headers["Cookie"] = f"csrftoken={cookie}"
        replacements["{csrf}"] = token
    sequence = 0
    while (item := run.next_item()) is not None:
        sequence += 1
        replacements.update({"{unique}": f"{spec.run_label}-{index}-{sequence}", "{item}": item})
        url = fill(spec.url, replacements)
        body = {}
        if spec.json_body is not None:
            body["json"] = fill(spec.json_body, replacements)
        elif spec.form_body is not None:
            body["data"] = fill(spec.form_body, replacements)
        started = time.perf_counter()
        try:
            async with session.request(spec.method, url, headers=headers, allow_redirects=False, **body) as response:
                await response.read()
                status = response.status
        except (aiohttp.ClientError, TimeoutError) as error:
            status = type(error).__name__
        run.latencies.append(time.perf_counter() - started)
        run.statuses[status] += 1


async def generate_load(spec):
    run = Run(spec)
    connector = aiohttp.TCPConnector(limit=spec.clients)
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_SECONDS)
    async with aiohttp.ClientSession(
        connector=connector, timeout=timeout, cookie_jar=aiohttp.DummyCookieJar()
    ) as session:
        # Each client gets its CSRF token first, as a browser loads the form before posting it; then the clock starts.
        if spec.csrf_page:
            tokens = await asyncio.gather(*(read_csrf(session, spec.csrf_page) for _ in range(spec.clients)))
        else:
            tokens = [None] * spec.clients
        started = time.monotonic()
        run.deadline = started + spec.seconds
        await asyncio.gather(*(client(run, index, session, tokens[index]) for index in range(spec.clients)))
        elapsed = time.monotonic() - started
    return summarise(run.latencies, run.statuses, elapsed, spec.ok_statuses)


def main():
    spec = LoadSpec(**json.load(sys.stdin))
    result = asyncio.run(generate_load(spec))
    json.dump(asdict(result), sys.stdout)


if __name__ == "__main__":
    main()
