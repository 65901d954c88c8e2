"""The headless environment variables: CORS_ALLOWED_ORIGINS, EMBED_ALLOWED_ORIGINS and HEADLESS_PREVIEW_URL, and the
development defaults that let `make headless-demo` talk to `make run`."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

PROJECT_DIR = Path(__file__).resolve().parents[2]
READ_SETTINGS = (
    "import json; from django.conf import settings; print(json.dumps({name: getattr(settings, name) for name in "
    "['CORS_ALLOWED_ORIGINS', 'PETITIONS_EMBED_ALLOWED_ORIGINS', 'WAGTAIL_HEADLESS_PREVIEW']}))"
)


def settings_with(**environment):
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", READ_SETTINGS],
        cwd=PROJECT_DIR,
        env={"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "campaign_cms.settings.dev", **environment},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_development_lets_the_example_frontend_call_the_api_and_frame_petitions():
    demo = ["http://127.0.0.1:8001", "http://localhost:8001"]

    assert settings_with() == {
        "CORS_ALLOWED_ORIGINS": demo,
        "PETITIONS_EMBED_ALLOWED_ORIGINS": demo,
        "WAGTAIL_HEADLESS_PREVIEW": {},
    }


def test_the_variables_set_origins_and_the_preview_frontend():
    configured = settings_with(
        CORS_ALLOWED_ORIGINS="https://app.example, https://m.example",
        EMBED_ALLOWED_ORIGINS="https://partner.example",
        HEADLESS_PREVIEW_URL="https://app.example/preview/",
    )

    assert configured == {
        "CORS_ALLOWED_ORIGINS": ["https://app.example", "https://m.example"],
        "PETITIONS_EMBED_ALLOWED_ORIGINS": ["https://partner.example"],
        "WAGTAIL_HEADLESS_PREVIEW": {"CLIENT_URLS": {"default": "https://app.example/preview/"}},
    }
