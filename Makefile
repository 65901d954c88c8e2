# Campaign CMS. `make run` serves the demo site; `make test` runs the suite. Both install what they need first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_PORT ?= 8001

.PHONY: install run test lint format migrate demo clean headless-demo e2e serve bench matrix messages

# The translation catalogues (each app's locale/): compiled here, outside the install stamp, whenever a .po file is
# newer than its .mo, so `make run` and `make test` always read the catalogues as they are. The .mo files are not
# committed; the wheel compiles its own (hatch_build.py).
MO_FILES := $(patsubst %.po,%.mo,$(wildcard */locale/*/LC_MESSAGES/*.po))

install: $(STAMP) $(MO_FILES)

# Re-installs only when pyproject.toml changes, so the second run is quick.
# GNU gettext's tools (xgettext, msgfmt) extract and compile the translation catalogues; the tests run makemessages.
$(STAMP): pyproject.toml
	command -v xgettext >/dev/null && command -v msgfmt >/dev/null || (apt-get update && apt-get install -y --no-install-recommends gettext)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev,server]"
	rm -f $(VENV)/.installed-*
	touch $@

%.mo: %.po | $(STAMP)
	msgfmt --check -o $@ $<

# Extracts every marked string into the Welsh and French catalogues of each app (README: Languages); then translate
# the new entries. campaign_cms's catalogue also holds the host project's templates/, reached through a symbolic link.
APPS_WITH_JAVASCRIPT := comments petitions
MAKEMESSAGES := env -u DJANGO_SETTINGS_MODULE $(abspath $(BIN))/python -m django makemessages -l cy -l fr --no-location --no-wrap --no-obsolete

messages: install
	for app in blocks campaign_common comments petitions webhooks; do mkdir -p $$app/locale && (cd $$app && $(MAKEMESSAGES) -d django) || exit 1; done
	for app in $(APPS_WITH_JAVASCRIPT); do (cd $$app && $(MAKEMESSAGES) -d djangojs) || exit 1; done
	mkdir -p campaign_cms/locale && ln -sfn ../templates campaign_cms/host_templates
	(cd campaign_cms && $(MAKEMESSAGES) -d django --symlinks); status=$$?; rm campaign_cms/host_templates; exit $$status

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py ensure_dev_admin

# Links in e-mails and the demo site's address (its Wagtail Site) follow HOST and PORT unless set in the environment.
run demo: export WAGTAILADMIN_BASE_URL ?= http://$(HOST):$(PORT)

run: demo
	@echo "Serving http://$(HOST):$(PORT)/ (admin at /admin/, admin / admin)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The production stack on one machine: gunicorn and a django-tasks-db worker against PostgreSQL and Redis. It needs the
# production environment (SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, REDIS_URL, ...): see docs/deploy.md.
serve: install
	BIN=$(BIN) BIND=$(HOST):$(PORT) deploy/serve.sh

# The example frontend (examples/headless/) on an origin of its own, next to `make run`, whose API it calls. Development
# settings allow http://127.0.0.1:8001 and http://localhost:8001 (CORS and framing); another DEMO_PORT needs
# CORS_ALLOWED_ORIGINS and EMBED_ALLOWED_ORIGINS set for `make run`.
headless-demo:
	@echo "Example frontend at http://$(HOST):$(DEMO_PORT)/ reading the API at http://127.0.0.1:$(PORT)/ (make run)"
	$(PYTHON) -m http.server $(DEMO_PORT) --bind $(HOST) --directory examples/headless

# The suite runs the site behind a real Varnish too (tests/varnish, deploy/varnish/): Debian's varnish, installed here
# when missing.
VARNISHD := /usr/sbin/varnishd

test: install $(VARNISHD)
	$(BIN)/pytest $(PYTEST_ARGS)

$(VARNISHD):
	command -v varnishd >/dev/null || (apt-get update && apt-get install -y --no-install-recommends varnish)

# The suite on the oldest (Python 3.11, Django 5.2, Wagtail 7.4) and the newest supported combination (Python 3.13 and
# the newest Django and Wagtail), on SQLite, each in a virtualenv of nox's (noxfile.py). The interpreters are pyenv's:
# PYENV_VERSION puts every installed 3.11 and 3.13 on PATH as python3.11 and python3.13.
MATRIX_PYTHONS = $(shell pyenv versions --bare 2>/dev/null | grep -E '^3\.(11|13)\.[0-9]+$$' | paste -sd: -)

matrix: install
	PYENV_VERSION="$(MATRIX_PYTHONS)" $(BIN)/nox $(NOX_ARGS)

# Browser journeys (tests/e2e): Playwright drives Debian's Chromium (installed here when missing) against a server the
# tests start on a free port in 8501-8509 with its own SQLite database; axe-core comes from npm. Screenshots, axe
# reports and the server's log go to e2e-artifacts/.
CHROMIUM := /usr/bin/chromium
E2E_NPM_STAMP := tests/e2e/node_modules/.installed

e2e: install $(CHROMIUM) $(E2E_NPM_STAMP)
	$(BIN)/pytest -m e2e tests/e2e $(PYTEST_ARGS)

$(CHROMIUM):
	apt-get update && apt-get install -y --no-install-recommends chromium

$(E2E_NPM_STAMP): tests/e2e/package-lock.json
	command -v npm >/dev/null || (apt-get update && apt-get install -y --no-install-recommends npm)
	npm ci --prefix tests/e2e --no-audit --no-fund
	touch $@

# Benchmarks (not part of `make test` or CI; about 10 minutes): gunicorn with the production settings against PostgreSQL
# and Redis on this machine, a database `bench` of its own (BENCH_DATABASE_URL) and Redis db 2 (BENCH_REDIS_URL).
# Prints the table and writes it into BENCHMARKS.md; see there for the scenarios. BENCH_ARGS="--quiet-load 1" first
# waits (up to 10 minutes) for other work on the machine to calm down.
bench: install $(VARNISHD)
	pg_isready -h 127.0.0.1 -p 5432 -q || pg_ctlcluster --skip-systemctl-redirect "$$(ls /etc/postgresql)" main start
	$(BIN)/python -m bench $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) db.sqlite3 media static sent-mail e2e-artifacts tests/e2e/node_modules
