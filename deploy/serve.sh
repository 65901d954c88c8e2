#!/usr/bin/env bash
# `make serve`: the production stack on one machine. Applies migrations, collects static files, then runs gunicorn
# (deploy/gunicorn.conf.py) and a django-tasks-db worker side by side. When either stops, or on Ctrl-C or SIGTERM,
# both are stopped. It needs the production environment (docs/deploy.md): SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL
# (PostgreSQL), REDIS_URL and the reCAPTCHA keys (or RECAPTCHA_DISABLED=true); BIND says where gunicorn listens.
set -euo pipefail
cd "$(dirname "$0")/.."

export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-campaign_cms.settings.production}"
BIN="${BIN:-.venv/bin}"
for name in DATABASE_URL REDIS_URL; do
    if [ -z "${!name:-}" ]; then
        echo "Configuration error: The environment variable $name must be set." >&2
        exit 2
    fi
done

"$BIN/python" manage.py migrate --noinput
"$BIN/python" manage.py collectstatic --noinput --verbosity 0
# Webhook deliveries that are due but whose task was lost (a worker killed mid-way) are queued again for the worker.
"$BIN/python" manage.py webhooks deliver
# Updates to signers left sending by a worker that died are resumed.
"$BIN/python" manage.py send_petition_updates

"$BIN/python" manage.py db_worker --no-reload &
worker=$!
"$BIN/gunicorn" campaign_cms.wsgi:application --config deploy/gunicorn.conf.py &
server=$!

stop_both() {
    kill -TERM "$server" "$worker" 2>/dev/null || true
    wait "$server" "$worker" 2>/dev/null || true
}
trap 'stop_both; exit 0' INT TERM
# Whichever stops first (a crash, a bad setting) takes the other with it, so nothing runs half a stack.
status=0
wait -n "$server" "$worker" || status=$?
stop_both
exit "$status"
