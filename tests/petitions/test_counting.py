"""The public count: exact, cheap to read, and kept right by confirmation, rejection and restoring."""

from django.core.cache import cache

from petitions.models import Petition, PetitionCounter, Signature, SignatureStatus
from petitions.signing import confirm_signature, reject_signature, restore_signature


def make_signatures(petition, count, status=SignatureStatus.PENDING):
    return [
        Signature.objects.create(
            petition=petition,
            name=f"Signer {n}",
            email=f"s{n}@example.org",
            normalised_email=f"s{n}@example.org",
            status=status,
        )
        for n in range(count)
    ]


def test_count_is_the_number_of_confirmed_signatures(petition, settings):
    settings.PETITIONS_COUNT_CACHE_SECONDS = 0
    signatures = make_signatures(petition, 30)

    for signature in signatures[:25]:
        confirm_signature(signature)
    confirm_signature(signatures[0])  # again: changes nothing
    reject_signature(signatures[1].pk)  # confirmed, then rejected: no longer counts
    reject_signature(signatures[29].pk)  # pending, then rejected
    restore_signature(signatures[29].pk)  # back to pending: still not counted

    assert petition.signature_count == 24 == Signature.objects.filter(status=SignatureStatus.CONFIRMED).count()
    restore_signature(signatures[1].pk)
    assert petition.signature_count == 25
    assert Signature.objects.get(pk=signatures[29].pk).status == SignatureStatus.PENDING


def test_confirmations_spread_over_counter_shards(petition, settings):
    settings.PETITIONS_COUNTER_SHARDS = 4
    for signature in make_signatures(petition, 40):
        confirm_signature(signature)

    shards = PetitionCounter.objects.filter(petition=petition)
    assert shards.count() > 1 and all(0 <= shard.shard < 4 for shard in shards)
    assert sum(shard.count for shard in shards) == 40


def test_count_is_read_in_one_query_then_from_the_cache(petition, django_assert_num_queries):
    PetitionCounter.objects.add(petition.pk, 5)

    with django_assert_num_queries(1):
        assert petition.signature_count == 5
    with django_assert_num_queries(0):
        assert petition.signature_count == 5


def test_cached_count_catches_up_when_the_cache_expires(petition):
    assert petition.signature_count == 0
    PetitionCounter.objects.add(petition.pk, 2)

    stale = petition.signature_count
    cache.clear()  # what expiry after PETITIONS_COUNT_CACHE_SECONDS does

    assert (stale, petition.signature_count) == (0, 2)


def test_listing_counts_many_petitions_in_one_query(make_petition, django_assert_num_queries):
    petitions = [make_petition(title=f"P{n}") for n in range(5)]
    for number, petition in enumerate(petitions):
        PetitionCounter.objects.add(petition.pk, number)

    with django_assert_num_queries(1):
        counts = [petition.signature_count for petition in Petition.objects.with_signature_count().order_by("pk")]

    assert counts == [0, 1, 2, 3, 4]
