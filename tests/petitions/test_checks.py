"""System checks: a malformed setting or a missing site URL stops start-up with one clear line."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError


def check_messages():
    with pytest.raises(SystemCheckError) as error:
        call_command("check")
    return str(error.value)


def test_a_missing_site_url_stops_start_up(settings):
    """Links in e-mails start with WAGTAILADMIN_BASE_URL: without it the first e-mail would fail in the worker."""
    del settings.WAGTAILADMIN_BASE_URL

    assert "petitions.E004" in check_messages()


@pytest.mark.parametrize("name", ["PETITIONS_RATE_LIMIT", "PETITIONS_INVALID_RATE_LIMIT"])
def test_a_malformed_rate_limit_stops_start_up(settings, name):
    setattr(settings, name, "five a minute")

    assert f"{name} must look like 5/300s or be off, not 'five a minute'." in check_messages()


def test_the_test_settings_pass_the_checks():
    call_command("check")
