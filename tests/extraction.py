"""What `makemessages` extracts from the sources, as `make messages` runs it: each app on its own, campaign_cms with
the host project's templates/. The translatable-string tests and the catalogue check share it."""

import contextlib
import shutil
from pathlib import Path

from babel.messages.pofile import read_po
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent

# Each app and the catalogues (gettext domains) it ships: Python and templates, and JavaScript where it has some.
DOMAINS = {
    "blocks": ("django",),
    "campaign_cms": ("django",),
    "campaign_common": ("django",),
    "comments": ("django", "djangojs"),
    "petitions": ("django", "djangojs"),
    "webhooks": ("django",),
}


def extract(app, workdir):
    """{domain: babel Catalog} of what makemessages finds in a copy of `app` made under `workdir`, so the checkout's
    own catalogues are neither read nor written."""
    copy = workdir / app
    shutil.copytree(ROOT / app, copy, ignore=shutil.ignore_patterns("__pycache__", "locale"))
    if app == "campaign_cms":
        # `make messages` reaches them through a symbolic link of the same name.
        shutil.copytree(ROOT / "templates", copy / "host_templates")
    (copy / "locale").mkdir()
    catalogues = {}
    with contextlib.chdir(copy):
        for domain in DOMAINS[app]:
            call_command("makemessages", locale=["fr"], domain=domain, no_wrap=True, no_location=True, verbosity=0)
            with open(copy / "locale" / "fr" / "LC_MESSAGES" / f"{domain}.po", "rb") as po_file:
                catalogues[domain] = read_po(po_file)
    return catalogues


def messages(catalogue):
    """{(msgctxt or None, msgid): msgid_plural or None} of every entry in a babel Catalog."""
    found = {}
    for message in catalogue:
        if not message.id:
            continue  # the header
        singular, plural = message.id if isinstance(message.id, tuple) else (message.id, None)
        found[message.context, singular] = plural
    return found


def translator_notes(catalogue):
    """The comments that the source leaves for translators (`Translators: ...`), one string per entry."""
    return [" ".join(message.auto_comments) for message in catalogue if message.auto_comments]
