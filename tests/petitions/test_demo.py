"""The demo: a petition to the commissioner with a few hundred signatures, on the demo page, loaded idempotently."""

from campaign_cms.demo import load_demo
from petitions.models import Petition, SignatureStatus


def test_demo_petition_is_loaded_once_with_signatures_on_the_page(db, client, settings):
    settings.PETITIONS_COUNT_CACHE_SECONDS = 0
    page = load_demo()
    petition = Petition.objects.get()
    assert petition.target == "The Police and Crime Commissioner" and petition.goal == 1000
    assert "anti-trafficking unit" in petition.ask and petition.closes_at is not None

    page = load_demo()
    petition = Petition.objects.get()
    confirmed = petition.signatures.filter(status=SignatureStatus.CONFIRMED)
    assert confirmed.count() >= 300 and petition.signature_count == confirmed.count()
    assert len(set(confirmed.values_list("country", flat=True))) >= 5
    assert len(petition.counts_by_day()) >= 7
    assert [block.value["petition"].pk for block in page.body if block.block_type == "petition"] == [petition.pk]
    assert f'id="petition-{petition.pk}"' in client.get(page.url).content.decode()
