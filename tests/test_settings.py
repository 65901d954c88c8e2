"""Start-up configuration: production refuses to run half-configured, and says which variable is wrong."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.slow

PROJECT_DIR = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "campaign_cms.settings.production",
    "SECRET_KEY": "x7#kq9v!2mZ@pL4rT8wB1nF6hJ3dS0yC5gU&eA*iO-zXc_Vb+Qw7Lm",
    "ALLOWED_HOSTS": "campaigns.example.org",
    "WAGTAILADMIN_BASE_URL": "https://campaigns.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
    "RECAPTCHA_PUBLIC_KEY": "site-key-for-checks",
    "RECAPTCHA_PRIVATE_KEY": "secret-key-for-checks",
}


def manage(*args, **env):
    """Run manage.py in a clean environment holding only the given variables."""
    environment = {"PATH": os.environ["PATH"], **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=PROJECT_DIR, env=environment, capture_output=True, text=True
    )


def without(name):
    return {key: value for key, value in PRODUCTION.items() if key != name}


@pytest.mark.parametrize("name", ["SECRET_KEY", "ALLOWED_HOSTS", "WAGTAILADMIN_BASE_URL"])
def test_production_refuses_to_start_without_a_required_variable(name):
    result = manage("check", **without(name))

    assert result.returncode != 0
    assert result.stderr.strip() == f"Configuration error: The environment variable {name} must be set."


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DEBUG", "maybe", "The environment variable DEBUG must be true or false, not 'maybe'."),
        ("DATABASE_URL", "oracle-ish://db", "The environment variable DATABASE_URL is not a database URL"),
        ("CONN_MAX_AGE", "ten", "The environment variable CONN_MAX_AGE must be a whole number, not 'ten'."),
        (
            "WAGTAILADMIN_BASE_URL",
            "campaigns.example.org",
            "The environment variable WAGTAILADMIN_BASE_URL must be a root URL such as https://campaigns.example.org",
        ),
    ],
)
def test_a_malformed_variable_stops_start_up_with_one_line_naming_it(name, value, message):
    result = manage("check", **{**PRODUCTION, name: value})

    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1
    assert message in result.stderr


# The scale-out deployment of docs/deploy.md: app servers behind a TLS proxy, sharing Redis and a media folder.
BEHIND_A_PROXY = {
    **PRODUCTION,
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "BEHIND_HTTPS_PROXY": "true",
    "TRUSTED_PROXY_COUNT": "1",
    "CSRF_TRUSTED_ORIGINS": "https://campaigns.example.org",
    "MEDIA_ROOT": "/srv/campaign/media",
    "STATIC_ROOT": "/srv/campaign/static",
}


@pytest.mark.parametrize("environment", [PRODUCTION, BEHIND_A_PROXY], ids=["one server", "behind a proxy"])
def test_production_passes_the_deployment_checklist(environment):
    result = manage("check", "--deploy", "--fail-level", "WARNING", **environment)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_dev_settings_start_with_no_variables_at_all():
    result = manage("check", DJANGO_SETTINGS_MODULE="campaign_cms.settings.dev")

    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_models_and_migrations_agree():
    # Exits with status 1 when a model change has no migration yet.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_production_cookies_are_secure():
    """Issue 16 item 13: the session, CSRF and the comments app's own cookies are sent over HTTPS only."""
    script = (
        "from django.conf import settings; from comments import conf; "
        "print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, conf.cookie_secure())"
    )
    result = manage("shell", "--no-imports", "-c", script, **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True"]
