"""The results as a Markdown table with the machine's description, printed and written into BENCHMARKS.md.

Only the part of BENCHMARKS.md between the two markers is replaced, so the analysis written around it stays.
"""

import os
import platform
import re
from pathlib import Path

import django
import gunicorn
import redis
import wagtail
from django.db import connection

START_MARKER = "<!-- bench:results:start -->"
END_MARKER = "<!-- bench:results:end -->"
# The updates scenario's results (`python -m bench --only updates` writes them alone).
UPDATES_MARKERS = ("<!-- bench:updates:start -->", "<!-- bench:updates:end -->")
COLUMNS = ("Scenario", "Rate", "p50 ms", "p99 ms", "Errors", "Ratio", "Ratio to", "Queries/request", "Target", "Met")


def _cpu_model():
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _memory_gib():
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return round(int(line.split()[1]) / 1024 / 1024, 1)
    return None


def machine(redis_url, workers=None):
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return {
        "CPU": f"{os.cpu_count()} × {_cpu_model()}",
        "Memory": f"{_memory_gib()} GiB",
        "OS": platform.platform(),
        "PostgreSQL": postgres,
        "Redis": redis.Redis.from_url(redis_url).info("server")["redis_version"],
        "Python": platform.python_version(),
        # Wagtail's version is the peer's (its stock form page) as much as ours.
        "Django / Wagtail / gunicorn": (
            f"{django.get_version()} / {wagtail.__version__} / {gunicorn.__version__} ({workers} sync workers)"
            if workers
            else f"{django.get_version()} / {wagtail.__version__} / not used"
        ),
    }


def load_average():
    return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def _cell(value, digits=1):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "**no**"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


def table(rows):
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in rows:
        cells = [
            row.scenario,
            f"{_cell(row.rate)} {row.unit}",
            _cell(row.p50_ms, 2),
            _cell(row.p99_ms, 2),
            _cell(row.errors),
            _cell(row.ratio, 2),
            row.baseline,
            row.queries,
            row.target,
            _cell(row.met),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def render(outcome, machine_facts, load_before, load_after, notes):
    parts = [
        "| Machine | |",
        "|---|---|",
        *(f"| {name} | {value} |" for name, value in machine_facts.items()),
        f"| Load average (1, 5, 15 min) | before {load_before}; after {load_after} |",
        "",
        table(outcome.rows),
        "",
        "| Exactness check | Expected | Actual | Passed |",
        "|---|---|---|---|",
        *(
            f"| {check.name} | {check.expected:,} | {check.actual:,} | {_cell(check.passed)} |"
            for check in outcome.checks
        ),
    ]
    if notes:
        parts += ["", *(f"- {note}" for note in notes)]
    return "\n".join(parts)


def write(path, results, markers=(START_MARKER, END_MARKER)):
    """Put `results` between the markers of `path` (appended, with the markers, if the file has none yet)."""
    start, end = markers
    block = f"{start}\n{results}\n{end}"
    text = path.read_text() if path.exists() else ""
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _match: block, text)
    else:
        text = (text.rstrip() + "\n\n" if text else "") + block + "\n"
    path.write_text(text)
