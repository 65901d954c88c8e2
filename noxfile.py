"""The suite on the oldest and the newest supported Python, Django and Wagtail, on SQLite (`make matrix`, in CI).

`.ci/run` keeps the full run (lint, SQLite, PostgreSQL, browser journeys) on the project's own virtualenv; these
sessions add the ends of the supported range. The interpreters come from pyenv (`make matrix` puts them on PATH).
"""

import nox

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = True

# session name -> (Python, the pins that make it that end of the range); no pins: the newest that pyproject allows.
COMBINATIONS = {
    "oldest": ("3.11", ["Django==5.2.*", "wagtail==7.4.*"]),
    "newest": ("3.13", []),
}


def run_suite(session, pins):
    session.install("--upgrade", "-e", ".[dev,server]", *pins)
    versions = "import django, wagtail; print('Django', django.get_version(), '+ Wagtail', wagtail.__version__)"
    session.run("python", "-c", versions)
    session.run("pytest", "-m", "not slow and not e2e", *session.posargs)
    # The README's steps for an existing site, on a fresh `wagtail start` project of this Wagtail, from the wheel.
    session.run("pytest", "tests/test_existing_site.py", *session.posargs)


@nox.session(python=COMBINATIONS["oldest"][0])
def oldest(session):
    """Python 3.11, Django 5.2 LTS, Wagtail 7.4 LTS."""
    run_suite(session, COMBINATIONS["oldest"][1])


@nox.session(python=COMBINATIONS["newest"][0])
def newest(session):
    """Python 3.13 with the newest Django and Wagtail that pyproject.toml allows."""
    run_suite(session, COMBINATIONS["newest"][1])
