"""Concurrent signers on PostgreSQL: one row per mailbox whatever the race, and an exact count."""

import json
import threading

import pytest
from django.db import connection
from django.test import Client

from petitions.models import Petition, Signature, SignatureStatus

THREADS = 20


def sign_concurrently(petition, emails):
    """POST one signature per e-mail address, all threads released at once; return the responses' (status, body)."""
    barrier = threading.Barrier(len(emails))
    results = [None] * len(emails)

    def sign(index, email):
        try:
            barrier.wait()
            response = Client().post(
                f"/api/v2/petitions/{petition.pk}/signatures/",
                json.dumps({"name": f"Signer {index}", "email": email}),
                content_type="application/json",
            )
            results[index] = (response.status_code, response.content)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign, args=(index, email)) for index, email in enumerate(emails)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_threads_with_one_email_store_one_row_and_answer_alike(settings):
    settings.PETITIONS_RATE_LIMIT = "off"
    petition = Petition.objects.create(title="Race", target="Someone", ask="Please")

    results = sign_concurrently(petition, ["Same.Person@example.org"] * THREADS)

    assert len(set(results)) == 1 and results[0][0] == 202
    assert Signature.objects.filter(petition=petition).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_threads_with_distinct_emails_leave_the_count_exact(settings):
    settings.PETITIONS_RATE_LIMIT = "off"
    settings.PETITIONS_COUNT_CACHE_SECONDS = 0
    petition = Petition.objects.create(title="Race", target="Someone", ask="Please", requires_confirmation=False)

    results = sign_concurrently(petition, [f"person{number}@example.org" for number in range(THREADS)])

    assert {status for status, _body in results} == {201}
    assert Signature.objects.filter(petition=petition, status=SignatureStatus.CONFIRMED).count() == THREADS
    assert petition.signature_count == THREADS
