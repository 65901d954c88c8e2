"""Production settings (configured through the same environment variables) plus what only the benchmark serves:
the bare baseline view and the per-request SQL query count that the harness asks for with a header."""

import tempfile
from pathlib import Path

from campaign_cms.settings.production import *  # noqa: F403

# Collected by the harness (production serves collected files through WhiteNoise), away from the project's own.
STATIC_ROOT = Path(tempfile.gettempdir()) / "campaign-cms-bench-static"

ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.queries.QueryCountMiddleware", *MIDDLEWARE]  # noqa: F405
