"""`python -m bench` (what `make bench` runs): recreate the bench database, seed it, run every scenario against
gunicorn, print the table and write it into BENCHMARKS.md. `python -m bench --only updates` runs the updates scenario
(bench/updates.py) alone; its results have a block of their own in BENCHMARKS.md.

It exits non-zero only when it could not run (a service down, a server that did not start); missed targets are
reported in the table, not through the exit status.
"""

import argparse
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
import redis

REPOSITORY = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/2"
WORKERS = 4
SCALING_WORKERS = (1, 2, 4)
# Run 9's Varnish, in front of gunicorn (bench.server.PORT).
VARNISH_PORT = 8302


@dataclass(frozen=True)
class Sizes:
    """How much data the scenarios run on: (signatures, comments) per page, and the signatures to export."""

    large: tuple = (100_000, 5_000)
    medium: tuple = (10_000, 500)
    small: tuple = (1_000, 50)
    export: int = 1_000_000
    # Consenting signers an update is queued to, and how many of its messages the worker sends.
    update_signers: int = 1_000_000
    update_sample: int = 50_000


def recreate_database(database_url):
    """Drop and create the bench database (never one of the suite's or a colleague's: the URL names it)."""
    info = psycopg.conninfo.conninfo_to_dict(database_url)
    name = info["dbname"]
    if name in {"postgres", "test", "headless", "reliability", "e2e"} or name.startswith("test_"):
        raise SystemExit(f"refusing to recreate the database {name!r}; point BENCH_DATABASE_URL elsewhere")
    maintenance = psycopg.conninfo.make_conninfo(database_url, dbname="postgres")
    with psycopg.connect(maintenance, autocommit=True) as admin:
        admin.execute(psycopg.sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(psycopg.sql.Identifier(name)))
        admin.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(name)))


def seed_everything(sizes):
    from django.contrib.auth import get_user_model

    from . import seed

    started = time.monotonic()
    seed.create_baseline_table()
    seeded = {
        "plain": seed.seeded_page("plain", None, None),
        "small": seed.seeded_page("small", *sizes.small),
        "medium": seed.seeded_page("medium", *sizes.medium),
        "large": seed.seeded_page("large", *sizes.large),
        "peer": seed.peer_page(),
    }
    export_petition = seed.make_petition("Export")
    seed.add_confirmed_signatures(export_petition, sizes.export)
    password = os.urandom(12).hex()
    get_user_model().objects.create_superuser("bench", "bench@example.org", password)
    seed.analyse()
    print(f"Seeded in {time.monotonic() - started:.0f} s", flush=True)
    return seeded, export_petition, password


def wait_for_quiet(load, seconds):
    """Wait until the 1-minute load average is at most `load` (other work on the machine skews the figures), but
    no longer than `seconds`; the load is reported either way."""
    deadline = time.monotonic() + seconds
    while os.getloadavg()[0] > load and time.monotonic() < deadline:
        print(f"Waiting for the load average ({os.getloadavg()[0]:.2f}) to drop to {load}", flush=True)
        time.sleep(15)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=REPOSITORY / "BENCHMARKS.md")
    parser.add_argument(
        "--quiet-load",
        type=float,
        help="before the timed runs, wait (at most --quiet-wait seconds) for the 1-minute load average to drop to this",
    )
    parser.add_argument("--quiet-wait", type=float, default=600)
    parser.add_argument("--only", choices=["updates"], help="run only this scenario")
    args = parser.parse_args(argv)

    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    redis_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL)
    from .server import environment

    env = environment(database_url, redis_url)
    os.environ.update(env)

    try:
        recreate_database(database_url)
        redis.Redis.from_url(redis_url).flushdb()
    except (psycopg.Error, redis.RedisError) as error:
        raise SystemExit(f"bench: PostgreSQL or Redis is not available: {error}") from None

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)

    from . import report, scenarios
    from .load import LoadSpec
    from .server import PORT, gunicorn
    from .varnish import varnish, varnishd_path

    sizes = Sizes()
    if args.only == "updates":
        run_updates(args, env, redis_url, sizes)
        return
    seeded, export_petition, password = seed_everything(sizes)
    if args.quiet_load is not None:
        wait_for_quiet(args.quiet_load, args.quiet_wait)
    load_before = report.load_average()
    log_path = Path(tempfile.gettempdir()) / "bench-gunicorn.log"
    print(f"gunicorn log: {log_path}", flush=True)

    outcome = scenarios.Outcome()
    with gunicorn(env, WORKERS, log_path) as server:
        run = scenarios.Scenarios(server, env, seeded, outcome)
        # The peer's POST runs before the signing runs and after them, and counts as the mean of the two.
        peer_before = run.peer_post("form page POST")
        baseline, petition, json_result = run.signing()
        html_result, json_rate = run.signing_html(baseline, json_result)
        run.peer_writes(peer_before, baseline, json_rate, html_result)
        run.confirming(petition, baseline)
        run.page_reads()
        run.comments_api()
    with gunicorn(env, WORKERS, log_path) as server:
        scenarios.Scenarios(server, env, seeded, outcome).export(export_petition, password, sizes.export)
    one_worker_rate = None
    for workers in SCALING_WORKERS:
        with gunicorn(env, workers, log_path) as server:
            one_worker_rate = scenarios.Scenarios(server, env, seeded, outcome).sign_scaling(workers, one_worker_rate)
    with gunicorn(env, WORKERS, log_path) as server:
        scenarios.Scenarios(server, env, seeded, outcome).page_scaling()
    if varnishd_path() is None:
        print("varnishd is not installed (make bench installs it): run 9, through Varnish, is left out", flush=True)
    else:
        varnish_folder = Path(tempfile.mkdtemp(prefix="bench-varnish-"))
        print(f"varnishd log: {varnish_folder / 'varnishd.log'}", flush=True)
        with gunicorn(env, WORKERS, log_path) as server, varnish(varnish_folder, VARNISH_PORT, PORT) as cache:
            scenarios.Scenarios(server, env, seeded, outcome).through_cache(cache)

    from petitions.conf import app_settings

    facts = report.machine(redis_url, WORKERS)
    notes = [
        f"Load generator: bench/load.py, {LoadSpec.clients} asyncio clients (aiohttp) in a separate process.",
        f"Counter shards per petition: {app_settings.COUNTER_SHARDS}.",
    ]
    results = report.render(outcome, facts, load_before, report.load_average(), notes)
    print(results)
    report.write(args.output, results)
    print(f"\nWritten to {args.output}")
    run_updates(args, env, redis_url, sizes)


def run_updates(args, env, redis_url, sizes):
    """The updates scenario, written into its own block of BENCHMARKS.md."""
    from . import report, scenarios, updates

    load_before = report.load_average()
    outcome = scenarios.Outcome()
    updates.run(outcome, env, sizes.update_signers, sizes.update_sample)
    notes = [
        f"Sink: bench/smtp_sink.py (aiosmtpd) in a process of its own; a sample of {sizes.update_sample:,} messages "
        "is sent, then the update is paused and the sink checked against the delivery table.",
    ]
    results = report.render(outcome, report.machine(redis_url), load_before, report.load_average(), notes)
    print(results)
    report.write(args.output, results, report.UPDATES_MARKERS)
    print(f"\nWritten to {args.output}")


if __name__ == "__main__":
    main()
