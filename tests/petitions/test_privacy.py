"""Erasing one person's data, anonymising old petitions' signers, and the production captcha guard."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from petitions.models import PetitionCounter, Signature, SignatureStatus
from petitions.signing import normalise_email


def signature(petition, email, **fields):
    fields.setdefault("status", SignatureStatus.CONFIRMED)
    return Signature.objects.create(
        petition=petition,
        name="Ada Lovelace",
        email=email,
        normalised_email=normalise_email(email),
        postcode="SW1A 1AA",
        comment="My reasons",
        ip_hash="a" * 64,
        referrer="/campaigns/x/",
        **fields,
    )


def assert_anonymised(row):
    row.refresh_from_db()
    assert (row.name, row.email, row.postcode, row.comment, row.ip_hash, row.referrer) == ("", "", "", "", "", "")
    assert row.anonymised_at is not None and "@" not in row.normalised_email


def test_erase_personal_data_by_email_everywhere(make_petition, capsys, settings):
    settings.PETITIONS_COUNT_CACHE_SECONDS = 0
    first, second = make_petition(title="First"), make_petition(title="Second")
    mine = [signature(first, "ada.lovelace@gmail.com"), signature(second, "AdaLovelace+x@googlemail.com")]
    other = signature(first, "bob@example.org")
    PetitionCounter.objects.add(first.pk, 2)

    call_command("erase_personal_data", "--email", "Ada.Lovelace@gmail.com")

    for row in mine:
        assert_anonymised(row)
    other.refresh_from_db()
    assert other.email == "bob@example.org"
    assert first.signature_count == 2  # the signature still counts; who signed is gone
    assert "signatures: 2 erased" in capsys.readouterr().out


def test_erase_rejects_a_non_address():
    with pytest.raises(CommandError):
        call_command("erase_personal_data", "--email", "not an address")


def test_erased_signer_can_no_longer_confirm(client, petition, outbox):
    from .conftest import confirmation_path, form_data

    client.post(f"/petitions/{petition.pk}/sign/", form_data())
    call_command("erase_personal_data", "--email", "ada@example.org")

    assert client.post(confirmation_path(outbox[0])).status_code == 404
    assert Signature.objects.get().status == SignatureStatus.PENDING


def test_anonymise_signatures_of_petitions_closed_long_enough(make_petition, capsys):
    now = timezone.now()
    long_closed = make_petition(title="Long closed", closes_at=now - timezone.timedelta(days=40))
    recently_closed = make_petition(title="Recent", closes_at=now - timezone.timedelta(days=5))
    closed_by_hand = make_petition(title="By hand", is_closed=True)
    open_petition = make_petition(title="Open")
    old = signature(long_closed, "a@example.org")
    kept = [signature(p, "b@example.org") for p in (recently_closed, closed_by_hand, open_petition)]

    call_command("anonymise_signatures", "--closed-for-days", "30")

    assert_anonymised(old)
    assert all(Signature.objects.get(pk=row.pk).email == "b@example.org" for row in kept)
    assert "Anonymised 1 signature of petitions closed for more than 30 days." in capsys.readouterr().out


def test_anonymise_counts_days_from_a_manual_close(make_petition):
    petition = make_petition(is_closed=True)
    petition.__class__.objects.filter(pk=petition.pk).update(closed_at=timezone.now() - timezone.timedelta(days=400))
    row = signature(petition, "a@example.org")

    call_command("anonymise_signatures")  # PETITIONS_RETENTION_DAYS, 365 by default

    assert_anonymised(row)


def test_closing_by_saving_only_the_switch_records_when_retention_starts(petition):
    petition.is_closed = True
    petition.save(update_fields=["is_closed"])
    assert petition.__class__.objects.get(pk=petition.pk).closed_at is not None

    petition.is_closed = False
    petition.save(update_fields=["is_closed"])
    assert petition.__class__.objects.get(pk=petition.pk).closed_at is None


def test_production_refuses_to_start_without_recaptcha_keys():
    env = {key: value for key, value in os.environ.items() if not key.startswith("RECAPTCHA_")}
    env.update(SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.org", WAGTAILADMIN_BASE_URL="https://example.org")
    command = [sys.executable, "-c", "import campaign_cms.settings.production"]
    root = Path(__file__).resolve().parents[2]

    refused = subprocess.run(command, env=env, cwd=root, capture_output=True, text=True, check=False)
    allowed = subprocess.run(
        command, env={**env, "RECAPTCHA_DISABLED": "true"}, cwd=root, capture_output=True, text=True, check=False
    )

    assert refused.returncode != 0 and "RECAPTCHA_PUBLIC_KEY" in refused.stderr
    assert allowed.returncode == 0, allowed.stderr
