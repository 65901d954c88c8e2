"""The benchmark harness (bench/, `make bench`) in miniature, so it cannot rot between benchmark runs: the load
generator's exact accounting against a tiny server, the query counter, the report, the bulk seeding, and the peer
(a stock Wagtail form page) under the benchmark's own settings."""

import asyncio
import json
import subprocess
import sys

import pytest
from aiohttp import web
from django.db import connection
from django.http import HttpResponse

from bench import report
from bench.load import LoadResult, LoadSpec, generate_load, percentile
from bench.queries import REQUEST_HEADER, RESPONSE_HEADER, QueryCountMiddleware
from bench.scenarios import Check, Outcome, Row, mean_of
from bench.server import environment
from comments.models import Comment
from petitions.models import Petition, PetitionCounter, Signature, SignatureStatus
from petitions.tasks import send_confirmation_email


def load_against_tiny_server(spec_for):
    """Run the load generator against an aiohttp server on a free loopback port; return its result and the bodies
    the server received."""
    received = []

    async def store(request):
        received.append(await request.json())
        return web.json_response({}, status=201)

    async def run():
        app = web.Application()
        app.router.add_post("/store/{item}/", store)
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        port = runner.addresses[0][1]
        try:
            return await generate_load(spec_for(f"http://127.0.0.1:{port}"))
        finally:
            await runner.cleanup()

    return asyncio.run(run()), received


def test_the_load_generator_counts_every_request_once_and_fills_the_placeholders():
    items = [f"token-{number}" for number in range(40)]
    result, received = load_against_tiny_server(
        lambda base: LoadSpec(
            url=base + "/store/{item}/",
            method="POST",
            clients=4,
            seconds=5,
            items=items,
            json_body={"email": "signer-{unique}@example.org"},
            ok_statuses=[201],
        )
    )

    assert result.requests == result.ok == len(received) == len(items)
    assert result.errors == 0 and result.statuses == {"201": len(items)}
    assert len({body["email"] for body in received}) == len(items)
    assert 0 < result.p50_ms <= result.p99_ms


def test_the_load_generator_stops_at_its_request_budget_and_reports_other_statuses_as_errors():
    result, received = load_against_tiny_server(
        lambda base: LoadSpec(
            url=base + "/store/x/", method="POST", clients=3, max_requests=10, json_body={}, ok_statuses=[200]
        )
    )

    assert result.requests == len(received) == 10
    assert result.errors == 10


def test_two_runs_of_a_baseline_count_as_their_mean():
    first = LoadResult(10, 1.0, 10.0, 20.0, 40.0, 0, {"200": 10})
    second = LoadResult(30, 1.0, 30.0, 40.0, 60.0, 1, {"200": 29, "500": 1})

    both = mean_of(first, second)

    assert (both.requests, both.rate, both.p50_ms, both.p99_ms, both.errors) == (40, 20.0, 30.0, 50.0, 1)
    assert both.statuses == {"200": 39, "500": 1}


def test_percentile_is_nearest_rank():
    values = [float(number) for number in range(1, 101)]
    assert percentile(values, 0.50) == 50 and percentile(values, 0.99) == 99 and percentile([], 0.5) == 0


def test_the_query_counter_answers_only_when_asked(rf, django_user_model):
    def view(request):
        list(django_user_model.objects.all())
        return HttpResponse("ok")

    middleware = QueryCountMiddleware(view)
    assert RESPONSE_HEADER not in middleware(rf.get("/"))
    assert middleware(rf.get("/", headers={REQUEST_HEADER: "1"}))[RESPONSE_HEADER] == "1"


def test_the_report_replaces_only_its_own_part_of_benchmarks_md(tmp_path):
    path = tmp_path / "BENCHMARKS.md"
    path.write_text("# Benchmarks\n\nAnalysis that stays.\n")
    outcome = Outcome(rows=[Row("1. Sign", 512.3, p50_ms=60.1, p99_ms=90.0, errors=0, met=True)])
    outcome.checks.append(Check("rows = responses", 10, 10))

    report.write(path, report.render(outcome, {"CPU": "2 × test"}, "0.1 0.2 0.3", "0.4 0.5 0.6", ["a note"]))
    report.write(path, report.render(outcome, {"CPU": "2 × test"}, "0.1 0.2 0.3", "0.4 0.5 0.6", ["a note"]))

    text = path.read_text()
    assert text.startswith("# Benchmarks\n\nAnalysis that stays.")
    assert text.count(report.START_MARKER) == 1 and "| 1. Sign | 512.3 req/s | 60.10 |" in text


@pytest.mark.postgres
def test_seeding_writes_consistent_signatures_counters_and_threads(db, home_page):
    from bench import seed

    seeded = seed.seeded_page("smoke", 1_500, 20)

    confirmed = Signature.objects.filter(petition_id=seeded.petition_id, status=SignatureStatus.CONFIRMED)
    assert confirmed.count() == PetitionCounter.objects.totals([seeded.petition_id])[seeded.petition_id] == 1_500
    assert confirmed.filter(name__startswith="=").count() == 1
    comments = Comment.objects.filter(page_id=seeded.page_id).order_by("path")
    assert comments.count() == 20 and max(comment.depth for comment in comments) == 5
    by_id = {comment.pk: comment for comment in comments}
    for comment in comments:
        parent = by_id.get(comment.parent_id)
        assert comment.path == (parent.path if parent else "") + str(comment.pk).zfill(19)
        assert comment.depth == (parent.depth + 1 if parent else 1)
    # The next comment posted through the site gets an id after the copied ones.
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('comments_comment', 'id'))")
        assert cursor.fetchone()[0] > max(by_id)


# Run under bench.settings (which alone install the peer) on an SQLite file: migrate, seed the peer as `make bench`
# does, then load the form and post it as the load generator's clients do, CSRF cookie and token included.
PEER_ROUND_TRIP = """
import json

import django
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings

django.setup()
from bench import seed
from bench.load import CSRF_INPUT, fill
from bench.scenarios import PEER_SUBMISSION
from wagtail.models import Page

call_command("migrate", verbosity=0)
peer = seed.peer_page()
# Static files as the suite serves them: `make bench` collects them, which this smoke test has no need to.
storages = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
with override_settings(STORAGES=storages):
    browser = Client(enforce_csrf_checks=True, SERVER_NAME="localhost")
    form = browser.get(peer.url)
    token = CSRF_INPUT.search(form.content.decode()).group(1)
    submission = {**fill(PEER_SUBMISSION, {"{unique}": "smoke-1"}), "csrfmiddlewaretoken": token}
    answer = browser.post(peer.url, submission)
stored = Page.objects.get(pk=peer.page_id).specific.get_submissions()
print(json.dumps({
    "get": [form.status_code, form.content.decode()],
    "post": [answer.status_code, answer.content.decode()],
    "stored": [submission.form_data for submission in stored],
}))
"""


@pytest.mark.slow
def test_the_peer_form_page_shows_its_form_and_stores_a_valid_submission(tmp_path):
    env = environment(f"sqlite:///{tmp_path / 'bench.sqlite3'}", "")
    completed = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, "-c", PEER_ROUND_TRIP], env=env, capture_output=True, text=True, timeout=300
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    outcome = json.loads(completed.stdout.splitlines()[-1])

    status, form = outcome["get"]
    assert status == 200
    for name in ("name", "email", "postcode", "consent", "csrfmiddlewaretoken"):
        assert f'name="{name}"' in form
    status, landing = outcome["post"]
    assert status == 200 and "Thank you for signing." in landing
    assert outcome["stored"] == [
        {"name": "Signer smoke-1", "email": "signer-smoke-1@example.org", "postcode": "SW1A 1AA", "consent": True}
    ]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)  # a db_worker process of its own reads what the test writes
def test_the_updates_scenario_sends_a_sample_through_a_real_worker_to_the_sink_once_each(settings):
    from django.db import connection as test_connection

    from bench import updates as update_scenario

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    test_database = test_connection.settings_dict
    database_url = (
        f"postgres://{test_database['USER']}@{test_database['HOST']}:{test_database['PORT']}/{test_database['NAME']}"
    )
    env = environment(database_url, "")
    # Message-IDs name the site's host: the worker's, as the checks compute them here.
    settings.WAGTAILADMIN_BASE_URL = env["WAGTAILADMIN_BASE_URL"]
    outcome = Outcome()
    # `make bench` runs it last: the signing scenarios before it leave their confirmation e-mails waiting.
    waiting = Petition.objects.create(title="Earlier scenarios", target="Someone", ask="Something")
    signature = Signature.objects.create(
        petition=waiting, name="Pending", email="pending@example.org", normalised_email="pending@example.org"
    )
    for _ in range(50):
        send_confirmation_email.enqueue(signature_id=signature.pk, base_url=env["WAGTAILADMIN_BASE_URL"])

    update = update_scenario.run(outcome, env, signers=1_200, sample=600)

    assert [check.name for check in outcome.checks if not check.passed] == []
    queued, sent, memory = outcome.rows
    assert queued.met and memory.rate > 0 and sent.rate > 0
    # Paused after the sample: the rest waits, nothing was sent twice.
    progress = update_scenario.updates.progress(update)
    assert progress.sent >= 600 and progress.sent + progress.to_send == 1_200 and progress.interrupted == 0
