"""The scenarios of issue 6 and the peer of issue 17 (a stock Wagtail form page): methods that drive a running server
and add rows and exactness checks to an Outcome.

Every timed run is preceded by a short warm-up of the same requests (against petitions of their own where requests
write), so workers have their connections, templates and caches ready. Counts that must be exact are checked
against the database after the run.
"""

import json
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from http.cookies import SimpleCookie

import psycopg.sql
from django.db import connection
from django.utils.text import slugify
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page

from petitions.conf import app_settings as petition_settings
from petitions.models import PetitionCounter, Signature, SignatureStatus
from petitions.tokens import make_confirmation_token

from .baseline import BASELINE_PATH
from .load import CSRF_INPUT, LoadResult, LoadSpec
from .queries import REQUEST_HEADER, RESPONSE_HEADER
from .seed import make_petition

SIGN_SECONDS = 20
READ_SECONDS = 10
SCALING_SECONDS = 10
WARMUP_SECONDS = 3
CONFIRM_SECONDS_LIMIT = 120
EXPORT_TIMEOUT_SECONDS = 300
# How long run 9 waits for the count shown through Varnish to catch up (its target is 10 s).
COUNT_LAG_LIMIT_SECONDS = 60
COUNT_POLL_SECONDS = 0.5
EXPORT_CHUNK_BYTES = 1 << 20
# How seeded names like "=HYPERLINK(1000)" must appear in the CSV: in their column, after the neutralising quote.
NEUTRALISED_FORMULA = b",'=HYPERLINK("
# A valid submission of the peer's form (the clean names of bench.seed.PEER_FIELDS), a distinct e-mail each time.
PEER_SUBMISSION = {
    "name": "Signer {unique}",
    "email": "signer-{unique}@example.org",
    "postcode": "SW1A 1AA",
    "consent": "on",
}
JSON_TO_PEER_TARGET = 3
HTML_TO_PEER_TARGET = 2.5


@dataclass
class Row:
    """One line of the results table."""

    scenario: str
    rate: float
    unit: str = "req/s"
    p50_ms: float | None = None
    p99_ms: float | None = None
    errors: int | None = None
    ratio: float | None = None
    baseline: str = ""
    queries: str = ""
    target: str = ""
    met: bool | None = None

    @classmethod
    def from_load(cls, scenario, result, **kwargs):
        return cls(scenario, result.rate, p50_ms=result.p50_ms, p99_ms=result.p99_ms, errors=result.errors, **kwargs)


@dataclass
class Check:
    """An exactness check: what was compared, and whether the two sides agreed."""

    name: str
    expected: int
    actual: int

    @property
    def passed(self):
        return self.expected == self.actual


@dataclass
class Outcome:
    rows: list = field(default_factory=list)
    checks: list = field(default_factory=list)


def run_load(spec, env):
    """Run the load generator in a process of its own and return its LoadResult."""
    completed = subprocess.run(  # noqa: S603 - our own module
        [sys.executable, "-m", "bench.load"],
        input=json.dumps(asdict(spec)),
        capture_output=True,
        text=True,
        env=env,
        timeout=spec.seconds + 180,
    )
    if completed.returncode:
        raise RuntimeError(f"the load generator failed on {spec.url}:\n{completed.stderr[-3000:]}")
    return LoadResult(**json.loads(completed.stdout))


def count_queries(url):
    """SQL queries the server ran for one GET of `url` (QueryCountMiddleware), after a first GET that warms caches."""
    request = urllib.request.Request(url, headers={REQUEST_HEADER: "1"})  # noqa: S310 - our loopback server
    for _attempt in range(2):
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            response.read()
            count = int(response.headers[RESPONSE_HEADER])
    return count


def mean_of(first, second):
    """Two runs of the same requests as one: their rates and latency percentiles averaged, their counts added."""
    statuses = {
        status: first.statuses.get(status, 0) + second.statuses.get(status, 0)
        for status in {*first.statuses, *second.statuses}
    }
    return LoadResult(
        requests=first.requests + second.requests,
        seconds=round(first.seconds + second.seconds, 3),
        rate=round((first.rate + second.rate) / 2, 1),
        p50_ms=round((first.p50_ms + second.p50_ms) / 2, 2),
        p99_ms=round((first.p99_ms + second.p99_ms) / 2, 2),
        errors=first.errors + second.errors,
        statuses=statuses,
    )


def ratio(value, baseline):
    return round(value / baseline, 2) if baseline else None


class CountWatcher:
    """Reads the count at `url` every COUNT_POLL_SECONDS in a thread of its own, as visitors' pages refresh it,
    until the `with` block ends."""

    def __init__(self, url):
        self.url = url
        self.count = None
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.poll, daemon=True)

    def poll(self):
        while not self.stopped.is_set():
            with urllib.request.urlopen(self.url, timeout=30) as response:  # noqa: S310 - our loopback server
                self.count = json.load(response)["signature_count"]
            self.stopped.wait(COUNT_POLL_SECONDS)

    def seconds_until(self, expected, limit=COUNT_LAG_LIMIT_SECONDS):
        """Seconds from now until the count read is `expected`; `limit` if it never is."""
        since = time.monotonic()
        while (waited := time.monotonic() - since) < limit:
            if self.count == expected:
                return round(waited, 1)
            time.sleep(COUNT_POLL_SECONDS / 2)
        return float(limit)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopped.set()
        self.thread.join()


class Scenarios:
    """The scenarios against one running server; `seeded` holds the pages made by bench.seed, and every row and
    check goes into `outcome`."""

    def __init__(self, server, env, seeded, outcome):
        self.server = server
        self.base_url = server.base_url
        self.env = env
        self.seeded = seeded
        self.outcome = outcome

    def url(self, path):
        return self.base_url + path

    # The run label goes into every {unique} value, e.g. e-mail addresses: a slug keeps them valid.
    def warm_up(self, path, label, **spec):
        spec = LoadSpec(url=self.url(path), seconds=WARMUP_SECONDS, run_label=slugify(f"{label} warm-up"), **spec)
        run_load(spec, self.env)

    def measure(self, path, label, seconds=READ_SECONDS, **spec):
        return run_load(LoadSpec(url=self.url(path), seconds=seconds, run_label=slugify(label), **spec), self.env)

    def load(self, path, label, seconds=READ_SECONDS, **spec):
        """A warm-up, then the timed run, of the same requests."""
        self.warm_up(path, label, **spec)
        return self.measure(path, label, seconds, **spec)

    # Writes ----------------------------------------------------------------------------------------------------------

    def baseline_write(self, label="baseline", warm_up=True):
        body = {"name": "Signer {unique}", "email": "signer-{unique}@example.org"}
        run = self.load if warm_up else self.measure
        return run(BASELINE_PATH, label, SIGN_SECONDS, method="POST", json_body=body, ok_statuses=[201])

    def sign(self, label, path_of, seconds=SIGN_SECONDS, **spec):
        """Distinct signatures on a new petition (`path_of(petition)` is where they are posted), after a warm-up on
        a petition of its own; then every success must have stored one signature and enqueued its e-mail."""
        petition, warmup = make_petition(label), make_petition(f"Warm-up for {label}")
        self.warm_up(path_of(warmup), label, **spec)
        tasks_before = DBTaskResult.objects.count()
        result = self.measure(path_of(petition), label, seconds, **spec)
        rows = Signature.objects.filter(petition=petition).count()
        tasks = DBTaskResult.objects.count() - tasks_before
        self.outcome.checks.append(Check(f"{label}: signature rows = successful responses", result.ok, rows))
        self.outcome.checks.append(Check(f"{label}: confirmation e-mails enqueued = signature rows", rows, tasks))
        return petition, result

    def sign_json(self, label, seconds=SIGN_SECONDS):
        body = {
            "name": "Signer {unique}",
            "email": "signer-{unique}@example.org",
            "country": "GB",
            "comment": "",
            "consent": True,
        }
        return self.sign(
            label,
            lambda petition: f"/api/v2/petitions/{petition.pk}/signatures/",
            seconds,
            method="POST",
            json_body=body,
            ok_statuses=[202],
        )

    def signing(self):
        """Run 1 between two runs of the baseline, whose mean is the baseline of every write scenario: the machine's
        speed drifts by tens of percent within minutes, and a baseline on one side only would carry the drift into
        the ratio. Returns that baseline, the petition signed and the result."""
        before = self.baseline_write()
        petition, result = self.sign_json("sign (JSON)")
        baseline = mean_of(before, self.baseline_write("baseline, again", warm_up=False))
        self.outcome.rows.append(
            Row.from_load("Baseline: bare view, one INSERT (raw SQL), mean of a run before and after run 1", baseline)
        )
        self.outcome.rows.append(
            Row.from_load(
                "1. Sign (JSON), confirmation e-mail enqueued",
                result,
                ratio=ratio(result.rate, baseline.rate),
                baseline="bare INSERT view",
                target="≥ 50% of baseline, ≥ 400/s, 0 errors",
                met=result.rate >= 0.5 * baseline.rate and result.rate >= 400 and result.errors == 0,
            )
        )
        return baseline, petition, result

    def confirming(self, petition, baseline):
        """Confirm every pending signature of `petition` once, at the same concurrency; then compare counts."""
        warmup_tokens = [make_confirmation_token(pk) for pk in self._sign_directly(make_petition("Warm-up"), 2000)]
        pending = Signature.objects.filter(petition=petition, status=SignatureStatus.PENDING)
        tokens = [make_confirmation_token(pk) for pk in pending.values_list("pk", flat=True)]
        # Each client loads a confirmation page (its CSRF cookie and token; one not confirmed yet, which shows the
        # button) and presses the button.
        spec = {"method": "POST", "form_body": {"csrfmiddlewaretoken": "{csrf}"}, "ok_statuses": [302]}
        path = "/petitions/confirm/{item}/"
        page = self.url(f"/petitions/confirm/{warmup_tokens[0]}/")
        self.warm_up(path, "confirm", items=warmup_tokens, csrf_page=page, **spec)
        page = self.url(f"/petitions/confirm/{tokens[0]}/")
        result = self.measure(path, "confirm", CONFIRM_SECONDS_LIMIT, items=tokens, csrf_page=page, **spec)
        confirmed = Signature.objects.filter(petition=petition, status=SignatureStatus.CONFIRMED).count()
        self.outcome.checks.append(Check("confirm: confirmed rows = 3xx responses", result.ok, confirmed))
        shards = PetitionCounter.objects.totals([petition.pk])[petition.pk]
        self.outcome.checks.append(Check("confirm: counter shards = confirmed rows", confirmed, shards))
        # The public count is cached for PETITIONS_COUNT_CACHE_SECONDS; once that has passed it must be exact.
        time.sleep(petition_settings.COUNT_CACHE_SECONDS + 1)
        with urllib.request.urlopen(self.url(f"/api/v2/petitions/{petition.pk}/"), timeout=30) as response:  # noqa: S310
            public = json.load(response)["signature_count"]
        self.outcome.checks.append(Check("confirm: public count (API) = confirmed rows", confirmed, public))
        self.outcome.rows.append(
            Row.from_load(
                f"2. Confirm ({len(tokens):,} pending signatures)",
                result,
                ratio=ratio(result.rate, baseline.rate),
                baseline="bare INSERT view",
                target="count exact, 0 errors",
                met=result.errors == 0 and confirmed == public == shards == result.ok == len(tokens),
            )
        )

    def _sign_directly(self, petition, count):
        """Pending signatures without the HTTP round trip (for warm-ups only); their ids."""
        Signature.objects.bulk_create(
            Signature(
                petition=petition, name=f"Warm-up {n}", email=f"w{n}@example.org", normalised_email=f"w{n}@example.org"
            )
            for n in range(count)
        )
        return list(petition.signatures.values_list("pk", flat=True))

    def signing_html(self, baseline, json_result):
        """Run 3, right after run 1 and before a second JSON run: the HTML form is compared with the mean of the two
        JSON runs, so that the machine's drift weighs on both sides (as for the baselines)."""
        form = {
            "name": "Signer {unique}",
            "email": "signer-{unique}@example.org",
            "country": "GB",
            "comment": "",
            "consent": "on",
            "website": "",
        }
        # As from a campaign page, which a shared cache gives to every anonymous visitor: the form carries no CSRF
        # token and needs none (campaign_common.public_forms); the visitor posts and is sent back to the page.
        page = self.seeded["large"].url
        _petition, result = self.sign(
            "sign (HTML)",
            lambda petition: f"/petitions/{petition.pk}/sign/",
            method="POST",
            form_body={**form, "next": page},
            ok_statuses=[302],
        )
        _petition, json_again = self.sign_json("sign (JSON), after the HTML form")
        json_rate = mean_of(json_result, json_again).rate
        self.outcome.rows.append(
            Row.from_load(
                "3. Sign (HTML form)",
                result,
                ratio=ratio(result.rate, baseline.rate),
                baseline="bare INSERT view",
                target=(
                    f"within 20% of JSON ({ratio(result.rate, json_rate)}× the mean of run 1 and a run after this one,"
                    f" {json_again.rate:,.1f}/s), 0 errors"
                ),
                met=result.rate >= 0.8 * json_rate and result.errors == 0,
            )
        )
        return result, json_rate

    # The peer --------------------------------------------------------------------------------------------------------

    def peer_post(self, label, warm_up=True):
        """Valid submissions of the peer's form, each client having loaded the page first for its CSRF cookie and
        token, as a browser does. The page answers an invalid form with 200 too, so the check counts the stored
        submissions: every 200 must have stored one."""
        peer = self.seeded["peer"]
        spec = {
            "method": "POST",
            "form_body": {**PEER_SUBMISSION, "csrfmiddlewaretoken": "{csrf}"},
            "csrf_page": self.url(peer.url),
            "ok_statuses": [200],
        }
        if warm_up:
            self.warm_up(peer.url, label, **spec)
        submissions = Page.objects.get(pk=peer.page_id).specific.get_submissions()
        before = submissions.count()
        result = self.measure(peer.url, label, SIGN_SECONDS, **spec)
        self.outcome.checks.append(
            Check(f"{label}: form submissions stored = successful responses", result.ok, submissions.count() - before)
        )
        return result

    def peer_writes(self, before, baseline, json_rate, html_result):
        """The peer's POST once more, after runs 1 and 3 (`before` ran before them): the mean of the two is what
        signing is compared with, so the machine's drift weighs on both sides. `json_rate` is run 1's and the
        second JSON run's mean, as in run 3's row."""
        peer = mean_of(before, self.peer_post("form page POST, again", warm_up=False))
        self.outcome.rows.append(
            Row.from_load(
                "8. Peer: stock Wagtail form page POST (valid submission with CSRF), mean of a run before run 1 and"
                " after run 3",
                peer,
                ratio=ratio(peer.rate, baseline.rate),
                baseline="bare INSERT view",
            )
        )
        for scenario, rate, target in (
            ("8. Sign (JSON), the mean of run 1 and the run after run 3", json_rate, JSON_TO_PEER_TARGET),
            ("8. Sign (HTML form), run 3", html_result.rate, HTML_TO_PEER_TARGET),
        ):
            self.outcome.rows.append(
                Row(
                    scenario,
                    rate,
                    ratio=ratio(rate, peer.rate),
                    baseline="form page POST",
                    target=f"≥ {target}× the form page POST",
                    met=rate >= target * peer.rate,
                )
            )

    # Reads -----------------------------------------------------------------------------------------------------------

    def page_reads(self):
        """Run 4 as HTML and through the API; the HTML reads between two reads of the peer's form page (the mean of
        the two), which they are compared with."""
        peer_path = self.seeded["peer"].url
        peer_before = self.load(peer_path, "form page GET")
        html = self.page_read("HTML", lambda page: page.url)
        peer = mean_of(peer_before, self.measure(peer_path, "form page GET, again"))
        self.page_read("API", lambda page: f"/api/v2/pages/{page.page_id}/")
        self.outcome.rows.append(
            Row.from_load(
                "8. Peer: stock Wagtail form page GET, mean of a run before and after run 4 (HTML)",
                peer,
                queries=str(count_queries(self.url(peer_path))),
            )
        )
        self.outcome.rows.append(
            Row(
                f"8. Page read, HTML: {self.seeded['large'].signatures:,} signatures, run 4",
                html.rate,
                p50_ms=html.p50_ms,
                p99_ms=html.p99_ms,
                errors=html.errors,
                ratio=ratio(html.rate, peer.rate),
                baseline="form page GET",
            )
        )

    def page_read(self, kind, path_of):
        """The large page as `kind` (HTML or API) against the plain page, read before and after it; returns the
        large page's result."""
        large, small, plain = self.seeded["large"], self.seeded["small"], self.seeded["plain"]
        # The baseline runs before and after the page it is compared with, and counts as the mean of the two:
        # other work starting or stopping on the machine then weighs on both sides alike.
        before = self.load(path_of(plain), f"page ({kind}) without the blocks")
        result = self.load(path_of(large), f"page ({kind})")
        baseline = mean_of(before, self.measure(path_of(plain), f"page ({kind}) without the blocks, again"))
        queries = {name: count_queries(self.url(path_of(page))) for name, page in (("large", large), ("small", small))}
        plain_queries = count_queries(self.url(path_of(plain)))
        page_ratio = ratio(result.p50_ms, baseline.p50_ms)
        self.outcome.rows.append(
            Row.from_load(
                f"4. Page read, {kind} (baseline: page without the two blocks, mean of a run before and after)",
                baseline,
                queries=str(plain_queries),
            )
        )
        self.outcome.rows.append(
            Row.from_load(
                f"4. Page read, {kind}: {large.signatures:,} signatures, {large.comments:,} comments",
                result,
                ratio=page_ratio,
                baseline="p50 of the page without the blocks",
                queries=f"{queries['large']} ({small.signatures:,}/{small.comments}: {queries['small']})",
                target="p50 ratio ≤ 1.5, queries independent of size",
                met=page_ratio <= 1.5 and queries["large"] == queries["small"] and result.errors == 0,
            )
        )
        return result

    def comments_api(self):
        large, small = self.seeded["large"], self.seeded["small"]

        def path_of(page):
            return f"/api/v2/comments/?page_id={page.page_id}"

        baseline = self.load(path_of(small), f"comments API ({small.comments})")
        result = self.load(path_of(large), f"comments API ({large.comments})")
        queries = {page.comments: count_queries(self.url(path_of(page))) for page in (large, small)}
        self.outcome.rows.append(
            Row.from_load(
                f"5. Comments API, {small.comments} comments (baseline)", baseline, queries=str(queries[small.comments])
            )
        )
        self.outcome.rows.append(
            Row.from_load(
                f"5. Comments API, {large.comments:,} comments (first 50 threads)",
                result,
                ratio=ratio(result.p50_ms, baseline.p50_ms),
                baseline=f"p50 at {small.comments} comments",
                queries=str(queries[large.comments]),
                target="constant queries",
                met=queries[large.comments] == queries[small.comments] and result.errors == 0,
            )
        )

    def page_scaling(self):
        """The page at three sizes, in the order small, medium, large, large, medium, small (half the time each), each
        size counting as the mean of its two runs: a drift in the machine's load then weighs on every size alike."""
        names = ("small", "medium", "large")
        runs = {name: [] for name in names}
        for name in (*names, *reversed(names)):
            page = self.seeded[name]
            runs[name].append(self.load(page.url, f"page with {page.signatures} signatures", SCALING_SECONDS / 2))
        results = {name: mean_of(*runs[name]) for name in names}
        smallest = self.seeded["small"]
        for name, result in results.items():
            page = self.seeded[name]
            growth = ratio(result.p50_ms, results["small"].p50_ms)
            self.outcome.rows.append(
                Row.from_load(
                    f"7. Page p50 at {page.signatures:,} signatures ({page.comments:,} comments)",
                    result,
                    ratio=growth,
                    baseline=f"p50 at {smallest.signatures:,} signatures",
                    queries=str(count_queries(self.url(page.url))),
                    target="flat (within 25%)",
                    met=growth <= 1.25 and result.errors == 0,
                )
            )

    # Through Varnish -------------------------------------------------------------------------------------------------

    def through_cache(self, cache):
        """Run 9: the large page read by anonymous visitors through Varnish (`cache`, bench/varnish.py), then from
        gunicorn alone, each while signing (JSON, through Varnish) runs at the same time; then how long the count
        shown through Varnish (the petitions endpoint, which pages refresh their count from) takes to catch up with
        the last signature."""
        page = self.seeded["large"]
        petition, warmup = make_petition("Through the cache", False), make_petition("Warm-up through the cache", False)
        sign = {
            "method": "POST",
            "json_body": {"name": "Signer {unique}", "email": "signer-{unique}@example.org"},
            "ok_statuses": [201],
        }
        cached = {"url": cache.base_url + page.url}
        origin = {"url": self.url(page.url)}
        sign_path = "/api/v2/petitions/{pk}/signatures/"
        run_load(LoadSpec(**cached, seconds=WARMUP_SECONDS, run_label="reads-through-varnish-warm-up"), self.env)
        run_load(
            LoadSpec(
                url=cache.base_url + sign_path.format(pk=warmup.pk),
                seconds=WARMUP_SECONDS,
                run_label="sign-through-varnish-warm-up",
                **sign,
            ),
            self.env,
        )
        signing_spec = LoadSpec(
            url=cache.base_url + sign_path.format(pk=petition.pk), seconds=READ_SECONDS, clients=8, **sign
        )
        hits_before = cache.counters("MAIN.cache_hit", "MAIN.cache_miss")
        through, signing_through = self._reads_while_signing(
            LoadSpec(**cached, seconds=READ_SECONDS, run_label="reads-through-varnish"),
            replace(signing_spec, run_label="sign-during-cached-reads"),
        )
        hits = cache.counters("MAIN.cache_hit", "MAIN.cache_miss")
        # Visitors' pages refresh the count through Varnish all along, so its copy is as old as it gets when signing
        # stops.
        with CountWatcher(cache.base_url + f"/api/v2/petitions/{petition.pk}/") as count:
            alone, signing_alone = self._reads_while_signing(
                LoadSpec(**origin, seconds=READ_SECONDS, run_label="reads-from-gunicorn"),
                replace(signing_spec, run_label="sign-during-origin-reads"),
            )
            rows = Signature.objects.filter(petition=petition).count()
            lag = count.seconds_until(rows)
        signed = signing_through.ok + signing_alone.ok
        self.outcome.checks.append(Check("through Varnish: signature rows = successful responses", signed, rows))
        looked_up = {name: hits[name] - hits_before[name] for name in hits}
        hit_share = looked_up["MAIN.cache_hit"] / max(1, sum(looked_up.values()))
        read_ratio = ratio(through.rate, alone.rate)
        self.outcome.rows.append(
            Row.from_load("9. Page read from gunicorn alone, signing at the same time (large page)", alone)
        )
        self.outcome.rows.append(
            Row.from_load(
                f"9. Page read through Varnish, signing at the same time ({hit_share:.1%} cache hits)",
                through,
                ratio=read_ratio,
                baseline="gunicorn alone",
                target="≥ 50× gunicorn alone, 0 errors",
                met=read_ratio is not None and read_ratio >= 50 and through.errors == 0,
            )
        )
        self.outcome.rows.append(
            Row.from_load(
                "9. Sign (JSON) through Varnish during both reads, mean of the two",
                mean_of(signing_through, signing_alone),
                target="no signature lost, 0 errors",
                met=signed == rows and signing_through.errors == signing_alone.errors == 0,
            )
        )
        self.outcome.rows.append(
            Row(
                "9. Count through Varnish (petitions API) behind the last signature",
                lag,
                unit="s",
                target="≤ 10 s",
                met=lag <= 10,
            )
        )

    def _reads_while_signing(self, reads, signing):
        """The two loads at once, each in a load generator of its own; their results."""
        with ThreadPoolExecutor(max_workers=2) as pool:
            read_result = pool.submit(run_load, reads, self.env)
            signing_result = pool.submit(run_load, signing, self.env)
            return read_result.result(), signing_result.result()

    # Export and scaling ----------------------------------------------------------------------------------------------

    def export(self, petition, password, expected_rows):
        """The signature listing's CSV export in the admin, filtered to one petition, by a logged-in superuser."""
        cookie = login(self.base_url, "bench", password)
        idle_rss = self.server.peak_worker_rss_mb()
        download = download_csv(self.url(export_path(petition.pk)), cookie)
        peak_rss = self.server.peak_worker_rss_mb()
        floor = copy_rate(petition.pk)
        self.outcome.checks.append(Check("export: CSV data rows = signatures", expected_rows, download.rows))
        self.outcome.checks.append(
            Check("export: formula-like names neutralised", expected_rows // 1000, download.formula_cells_neutralised)
        )
        self.outcome.rows.append(
            Row(
                f"6. Export {expected_rows:,} signatures as CSV (admin); peak worker RSS {peak_rss:.0f} MB"
                f" (idle {idle_rss:.0f} MB), {download.seconds:.1f} s",
                round(download.rate),
                unit="rows/s",
                ratio=ratio(download.rate, floor),
                baseline=f"PostgreSQL COPY of the same rows ({floor:,.0f} rows/s)",
                target="≥ 50,000 rows/s, peak RSS ≤ 200 MB",
                met=download.rate >= 50_000 and peak_rss <= 200 and download.rows == expected_rows,
            )
        )

    def sign_scaling(self, workers, one_worker_rate):
        """The JSON sign rate with `workers` gunicorn workers; returns the 1-worker rate for the next call's ratio."""
        _petition, result = self.sign_json(f"sign with {workers} workers", seconds=SCALING_SECONDS)
        self.outcome.rows.append(
            Row.from_load(
                f"7. Sign (JSON) with {workers} worker{'s' if workers > 1 else ''}",
                result,
                ratio=ratio(result.rate, one_worker_rate or result.rate),
                baseline="rate with 1 worker",
            )
        )
        return one_worker_rate or result.rate


def login(base_url, username, password):
    """A session cookie for the admin, by posting the login form as a browser does."""
    login_url = base_url + "/admin/login/"
    with urllib.request.urlopen(login_url, timeout=30) as response:  # noqa: S310 - our loopback server
        csrf_cookie = SimpleCookie(response.headers["Set-Cookie"])["csrftoken"].value
        token = CSRF_INPUT.search(response.read().decode()).group(1)
    body = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
    headers = {"Cookie": f"csrftoken={csrf_cookie}"}
    request = urllib.request.Request(login_url, data=body.encode(), headers=headers)  # noqa: S310

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        urllib.request.build_opener(NoRedirect).open(request, timeout=30)
    except urllib.error.HTTPError as answer:
        if answer.code != 302:
            raise
        cookies = SimpleCookie()
        for header in answer.headers.get_all("Set-Cookie"):
            cookies.load(header)
        return f"sessionid={cookies['sessionid'].value}; csrftoken={csrf_cookie}"
    raise RuntimeError("the admin login did not redirect: wrong credentials?")


@dataclass
class Download:
    rows: int
    seconds: float
    formula_cells_neutralised: int

    @property
    def rate(self):
        return self.rows / self.seconds if self.seconds else 0.0


def download_csv(url, cookie):
    """Stream the CSV export, counting data rows (lines after the heading) and neutralised formula names, in big
    reads and C-level counts so that the client takes little of the CPU the server needs."""
    marker = NEUTRALISED_FORMULA
    request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310 - our loopback server
    lines = neutralised = 0
    tail = b""
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=EXPORT_TIMEOUT_SECONDS) as response:  # noqa: S310
        while chunk := response.read(EXPORT_CHUNK_BYTES):
            lines += chunk.count(b"\n")
            # A marker split between two reads is found in the joined edge.
            neutralised += (tail + chunk).count(marker) - tail.count(marker)
            tail = chunk[-(len(marker) - 1) :]
    return Download(rows=lines - 1, seconds=time.perf_counter() - started, formula_cells_neutralised=neutralised)


def copy_rate(petition_id):
    """Rows/s of PostgreSQL's own COPY ... TO STDOUT (CSV) of the same signatures: the floor under any export."""
    sql = psycopg.sql.SQL(
        "COPY (SELECT p.title, s.name, s.email, s.postcode, s.country, s.comment, s.consent, s.status, s.created_at,"
        " s.confirmed_at, s.source FROM petitions_signature s JOIN petitions_petition p ON p.id = s.petition_id"
        " WHERE s.petition_id = {} ORDER BY s.created_at DESC, s.id DESC) TO STDOUT WITH CSV HEADER"
    ).format(psycopg.sql.Literal(petition_id))
    rows = -1
    started = time.perf_counter()
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for chunk in copy:
            rows += bytes(chunk).count(b"\n")
    return rows / (time.perf_counter() - started)


def export_path(petition_id):
    return "/admin/petitions/signature/?" + urllib.parse.urlencode(
        {"petition__id__exact": petition_id, "export": "csv"}
    )
