"""The README's "Add to an existing Wagtail site" steps, applied to a brand-new `wagtail start` project that runs the
suite from its wheel: the site's templates, server stack and base.html stay its own, and a visitor signs and
comments. `make matrix` runs this on the oldest and the newest supported Wagtail as well."""

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

PROJECT_ROOT = Path(__file__).resolve().parent.parent
README = PROJECT_ROOT / "README.md"

# Run in the site with `manage.py shell`: prints one JSON object of what a visitor and a client of the API would see.
VISIT_A_CAMPAIGN = """
import json, sys
from django.test import Client
from home.models import HomePage
from campaign_cms.models import CampaignIndexPage, CampaignPage
from petitions.models import Petition

petition = Petition.objects.create(
    title="Keep the unit open", target="The commissioner", ask="Keep it open.", requires_confirmation=False
)
home = HomePage.objects.get()
index = home.add_child(instance=CampaignIndexPage(title="Our campaigns", slug="campaigns"))
page = index.add_child(instance=CampaignPage(
    title="Keep the unit open", intro="It protects people.",
    body=json.dumps([
        {"type": "quote", "value": {"text": "Do not close it.", "attribution": "A reader"}},
        {"type": "petition", "value": {"petition": petition.pk, "show_progress": True}},
        {"type": "comments", "value": {"open": True}},
    ]),
))
page.save_revision().publish()

client = Client()
response = client.get(page.url)
from django.utils import translation
with translation.override("fr"):  # the catalogues compiled into the wheel
    french = client.get(page.url).content.decode()
signature = client.post(
    f"/api/v2/petitions/{petition.pk}/signatures/",
    {"name": "Ada", "email": "ada@example.com", "consent": True},
    content_type="application/json",
)
comment = client.post(
    "/api/v2/comments/",
    {"page_id": page.pk, "name": "Ada", "email": "ada@example.com", "body": "I signed."},
    content_type="application/json",
)
from comments.moderation import moderate
moderate([comment.json()["id"]], "approve")  # a first comment waits for a moderator
oversized = client.post("/comments/post/", {"body": "x" * 200_000})
import campaign_cms
from django.core.cache import cache
cache.clear()  # the count is cached for a few seconds: read it as the next visitor after that would
print(json.dumps({
    "package": campaign_cms.__file__,
    "page_status": response.status_code,
    "html": response.content.decode(),
    "french_html": french,
    "csp": response.headers.get("Content-Security-Policy", ""),
    "signature_status": signature.status_code,
    "count": client.get(f"/api/v2/petitions/{petition.pk}/").json()["signature_count"],
    "comment_status": comment.status_code,
    "comments": [c["body"] for c in client.get("/api/v2/comments/", {"page_id": page.pk}).json()["items"]],
    "page_api": client.get(f"/api/v2/pages/{page.pk}/").json()["title"],
    "schema_paths": list(client.get("/api/v2/schema/").json()["paths"]),
    "docs_status": client.get("/api/v2/docs/").status_code,
    "health_status": client.get("/healthz/").status_code,
    "unknown_api": client.get("/api/v2/nothing-here/").json(),
    "oversized_status": oversized.status_code,
}))
"""


def documented_snippet(name):
    """The fenced code block that follows `<!-- existing-site:NAME -->` in the README."""
    match = re.search(rf"<!-- existing-site:{name} -->\s*```python\n(.*?)```", README.read_text(), re.S)
    assert match, f"README lost its existing-site:{name} snippet"
    return match.group(1)


def run(args, cwd, **environment):
    # The site's own settings, and the suite from the unpacked wheel ahead of the checkout this virtualenv points at.
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"} | environment
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


@pytest.fixture(scope="module")
def wheel_contents(tmp_path_factory):
    """The package's wheel, built from this checkout and unpacked: what `pip install` puts in a site."""
    build = tmp_path_factory.mktemp("wheel")
    run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", build, "."],
        cwd=PROJECT_ROOT,
    )
    (wheel,) = build.glob("campaign_cms-*.whl")
    unpacked = build / "site-packages"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(unpacked)
    return unpacked


def test_the_wheel_holds_the_apps_and_nothing_a_site_could_run_by_accident(wheel_contents):
    packages = {path.name for path in wheel_contents.iterdir() if not path.name.endswith(".dist-info")}
    assert packages == {"campaign_cms", "blocks", "petitions", "comments", "campaign_common", "webhooks"}
    for host_only in [
        "campaign_cms/settings",
        "campaign_cms/wsgi.py",
        "campaign_cms/urls.py",
        "campaign_cms/demo.py",
        "campaign_cms/management/commands/ensure_dev_admin.py",
        "campaign_cms/management/commands/load_demo.py",
    ]:
        assert not (wheel_contents / host_only).exists(), host_only
    # Each app carries its own templates and static files.
    assert (wheel_contents / "petitions/templates/petitions/includes/petition.html").exists()
    assert (wheel_contents / "comments/templates/comments/threads.html").exists()
    assert (wheel_contents / "blocks/templates/blocks/petition_block.html").exists()
    assert (wheel_contents / "campaign_cms/templates/campaign_cms/campaign_page.html").exists()
    assert (wheel_contents / "petitions/static/petitions/js/embed.js").exists()
    assert (wheel_contents / "petitions/static/petitions/css/petition.css").exists()
    # and its translation catalogues, compiled (hatch_build.py): Welsh and French, Python and JavaScript.
    for language in ("cy", "fr"):
        for catalogue in [
            *(f"{app}/locale/{language}/LC_MESSAGES/django.mo" for app in packages),
            f"petitions/locale/{language}/LC_MESSAGES/djangojs.mo",
            f"comments/locale/{language}/LC_MESSAGES/djangojs.mo",
        ]:
            assert (wheel_contents / catalogue).exists(), catalogue
    assert not list(wheel_contents.glob("**/site.css"))  # the host project's base styles stay in its site_static/
    assert not list(wheel_contents.glob("*/templates/base.html"))
    (dist_info,) = wheel_contents.glob("campaign_cms-*.dist-info")
    assert (dist_info / "licenses" / "LICENSE").exists()
    metadata = (dist_info / "METADATA").read_text()
    for classifier in [
        "Framework :: Wagtail :: 7",
        "Framework :: Django :: 6.1",
        "Programming Language :: Python :: 3.13",
    ]:
        assert f"Classifier: {classifier}" in metadata
    requirements = re.findall(r"^Requires-Dist: ([\w\-\[\]]+)(?!.*extra ==)", metadata, re.M)
    assert not {"gunicorn", "psycopg", "whitenoise", "dj-database-url", "redis"} & {r.lower() for r in requirements}


def test_documented_steps_add_the_suite_to_a_fresh_wagtail_site(tmp_path, wheel_contents):
    wagtail = Path(sys.executable).parent / "wagtail"
    run([str(wagtail), "start", "mysite"], cwd=tmp_path)
    project = tmp_path / "mysite"
    with open(project / "mysite" / "settings" / "base.py", "a") as settings_file:
        settings_file.write("\n" + documented_snippet("settings"))
    with open(project / "mysite" / "urls.py", "a") as urls_file:
        urls_file.write("\n" + documented_snippet("urls"))
    site = {"PYTHONPATH": str(wheel_contents)}

    run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=project, **site)
    output = run([sys.executable, "manage.py", "shell", "--no-imports", "-c", VISIT_A_CAMPAIGN], cwd=project, **site)
    seen = json.loads(output.strip().splitlines()[-1])

    assert seen["package"].startswith(str(wheel_contents))  # the wheel's code, not this checkout's
    assert "TEMPLATES" not in documented_snippet("settings")  # the site's templates settings stay its own
    assert seen["page_status"] == 200
    html = seen["html"]
    assert "<h1>Keep the unit open</h1>" in html
    assert "<blockquote><p>Do not close it.</p></blockquote>" in html
    assert "css/mysite.css" in html  # the site's own base.html, with its stylesheet
    # and ours, each once, through its extra_css block; none of the host project's base styles
    head = html.split("</head>")[0]
    for stylesheet in [
        "campaign_cms/css/campaign.css",
        "blocks/css/blocks.css",
        "campaign_common/css/forms.css",
        "petitions/css/petition.css",
        "comments/css/comments.css",
    ]:
        assert html.count(f"/static/{stylesheet}") == head.count(f"/static/{stylesheet}") == 1, stylesheet
    assert "css/site.css" not in html
    assert 'name="email"' in html and "I signed." not in html  # the petition form; no comments yet when rendered
    assert "Signer la pétition" in seen["french_html"] and "Sign the petition" not in seen["french_html"]
    assert "default-src 'self'" in seen["csp"]
    assert seen["signature_status"] == 201
    assert seen["count"] == 1
    assert seen["comment_status"] == 202  # held for moderation, then approved
    assert seen["comments"] == ["I signed."]
    assert seen["page_api"] == "Keep the unit open"
    assert "/api/v2/petitions/{id}/signatures/" in seen["schema_paths"]
    assert seen["docs_status"] == 200
    assert seen["health_status"] == 200
    assert seen["unknown_api"]["errors"]["__all__"]
    assert seen["oversized_status"] == 413
