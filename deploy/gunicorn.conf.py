"""gunicorn settings of an app server (`make serve`, docs/deploy.md). Environment variables override them:
BIND (default 127.0.0.1:8000), WEB_CONCURRENCY (worker processes, default 2 per core + 1), GUNICORN_TIMEOUT
(seconds a request may take before its worker is replaced, default 30) and FORWARDED_ALLOW_IPS (the proxies
gunicorn takes X-Forwarded-* headers from, default 127.0.0.1)."""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Sync workers: one request at a time each, holding one database connection; the TLS proxy in front buffers
# slow clients, so a worker is never tied up by a slow upload or download.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
# Load the app once in the master and fork the workers from it: less memory, and a worker that dies (or is
# replaced) is serving again at once. Django opens no database connection at import, so none is shared.
preload_app = True
# Replace each worker after a couple of thousand requests, so a slow leak can never grow without bound.
max_requests = 2000
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
