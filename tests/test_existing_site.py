"""The README's "Add to an existing Wagtail site" steps, applied to a brand-new `wagtail start` project."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

README = Path(__file__).resolve().parent.parent / "README.md"

RENDER_A_CAMPAIGN = """
from django.test import Client
from home.models import HomePage
from campaign_cms.models import CampaignIndexPage, CampaignPage

home = HomePage.objects.get()
index = home.add_child(instance=CampaignIndexPage(title="Our campaigns", slug="campaigns"))
page = index.add_child(instance=CampaignPage(
    title="Keep the unit open", intro="It protects people.",
    body='[{"type": "quote", "value": {"text": "Do not close it.", "attribution": "A reader"}}]',
))
page.save_revision().publish()
response = Client().get(page.url)
print(response.status_code)
print(response.content.decode())
"""


def documented_snippet(name):
    """The fenced code block that follows `<!-- existing-site:NAME -->` in the README."""
    match = re.search(rf"<!-- existing-site:{name} -->\s*```python\n(.*?)```", README.read_text(), re.S)
    assert match, f"README lost its existing-site:{name} snippet"
    return match.group(1)


def run(args, cwd):
    environment = {key: value for key, value in os.environ.items() if key not in {"DJANGO_SETTINGS_MODULE"}}
    result = subprocess.run(args, cwd=cwd, env=environment, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def test_documented_steps_add_the_suite_to_a_fresh_wagtail_site(tmp_path):
    wagtail = Path(sys.executable).parent / "wagtail"
    run([str(wagtail), "start", "mysite"], cwd=tmp_path)
    project = tmp_path / "mysite"
    with open(project / "mysite" / "settings" / "base.py", "a") as settings_file:
        settings_file.write("\n" + documented_snippet("settings"))
    with open(project / "mysite" / "urls.py", "a") as urls_file:
        urls_file.write("\n" + documented_snippet("urls"))

    run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=project)
    output = run([sys.executable, "manage.py", "shell", "--no-imports", "-c", RENDER_A_CAMPAIGN], cwd=project)

    status, html = output.split("\n", 1)
    assert status == "200"
    assert "<h1>Keep the unit open</h1>" in html
    assert "<blockquote><p>Do not close it.</p></blockquote>" in html
    assert "campaign.css" in html  # our stylesheet, added to the site's own base.html
    api = run([sys.executable, "manage.py", "shell", "--no-imports", "-c", API_CHECK], cwd=project)
    assert api.strip() == "200 Keep the unit open"


API_CHECK = """
from django.test import Client
from campaign_cms.models import CampaignPage
page = CampaignPage.objects.get()
response = Client().get(f"/api/v2/pages/{page.pk}/")
print(response.status_code, response.json()["title"])
"""
