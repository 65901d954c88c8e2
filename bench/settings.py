"""Production settings (configured through the same environment variables) plus what only the benchmark serves:
the bare baseline view, the per-request SQL query count that the harness asks for with a header, and the peer (a
stock Wagtail form page, bench.peer)."""

import os
import tempfile
from pathlib import Path

from campaign_cms.settings.production import *  # noqa: F403

# Collected by the harness (production serves collected files through WhiteNoise), away from the project's own.
STATIC_ROOT = Path(tempfile.gettempdir()) / "campaign-cms-bench-static"

# The peer's form page needs Wagtail's forms app, whether or not the site's settings install it (without duplicates).
INSTALLED_APPS = ["bench.peer", *dict.fromkeys([*INSTALLED_APPS, "wagtail.contrib.forms"])]  # noqa: F405

ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.queries.QueryCountMiddleware", *MIDDLEWARE]  # noqa: F405

# The updates scenario (bench/updates.py) sets how its worker sends.
PETITIONS_UPDATE_BATCH_SIZE = int(os.environ.get("BENCH_UPDATE_BATCH_SIZE", "100"))
PETITIONS_UPDATE_RATE = float(os.environ.get("BENCH_UPDATE_RATE", "20"))
