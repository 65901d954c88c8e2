"""The demo site: a campaign index and a campaign page about keeping a police anti-trafficking unit open.

Everything here is written to be run again: it finds what it made last time by slug or title and brings it up
to date, so `manage.py load_demo` never duplicates content.
"""

import io
import json
import random
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from comments import holds
from comments.models import Comment
from petitions.models import Petition, PetitionCounter, PetitionTranslation, Signature, SignatureStatus
from petitions.signing import normalise_email

from .demo_texts import CAMPAIGN, DISCUSSION, HELD_COMMENT, PETITION
from .models import CampaignIndexPage, CampaignPage

INDEX_SLUG = "campaigns"
CAMPAIGN_SLUG = "keep-the-anti-trafficking-unit-open"
MAP_URL = "https://www.openstreetmap.org/#map=14/52.4862/-1.8904"
# A map needs no oEmbed provider: the demo stores the embed so that it renders offline.
MAP_HTML = (
    '<iframe title="Map of the city centre" width="800" height="450" loading="lazy" '
    'src="https://www.openstreetmap.org/export/embed.html?bbox=-1.9104%2C52.4762%2C-1.8704%2C52.4962&amp;layer=mapnik">'
    "</iframe>"
)


def make_banner_image(title, colours, size=(1600, 900)):
    """A generated banner (bands of colour and circles), so the demo ships no third-party photos."""
    ImageModel = get_image_model()
    existing = ImageModel.objects.filter(title=title).first()
    if existing:
        return existing
    width, height = size
    canvas = PILImage.new("RGB", size, colours[0])
    draw = ImageDraw.Draw(canvas)
    for band, colour in enumerate(colours[1:], start=1):
        top = height * band // len(colours)
        draw.rectangle([0, top, width, height], fill=colour)
    for step in range(6):
        radius = 60 + step * 35
        centre = (width * (step + 1) // 7, height // 2)
        draw.ellipse(
            [centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius],
            outline=colours[-1 - step % len(colours)],
            width=12,
        )
    buffer = io.BytesIO()
    canvas.save(buffer, format="JPEG", quality=85)
    slug = title.lower().replace(" ", "-")
    return ImageModel.objects.create(title=title, file=ImageFile(buffer, name=f"{slug}.jpg"))


def ensure_map_embed():
    Embed.objects.update_or_create(
        hash=get_embed_hash(MAP_URL),
        defaults={
            "url": MAP_URL,
            "type": "rich",
            "html": MAP_HTML,
            "title": "Map of the city centre",
            "provider_name": "OpenStreetMap",
            "width": 800,
            "height": 450,
        },
    )


PETITION_TITLE = "Keep the anti-trafficking unit open"
DEMO_FIRST_NAMES = ["Amira", "Ben", "Chloe", "Dev", "Ewa", "Farid", "Grace", "Hannah", "Ivan", "Jade", "Kwame", "Lucia"]
DEMO_LAST_NAMES = ["Adeyemi", "Brown", "Costa", "Dubois", "Evans", "Fischer", "Gill", "Hughes", "Ionescu", "Kowalski"]
# Mostly local signers, some from the countries victims were trafficked from or through.
DEMO_COUNTRIES = ["GB"] * 12 + ["IE", "PL", "RO", "FR", "DE", "ES", "VN", "AL", ""]


def ensure_demo_petition():
    """The petition to the commissioner, in English with its texts in Welsh and French, and a few hundred signatures
    over the last fortnight (added once)."""
    details = {
        "target": "The Police and Crime Commissioner",
        "ask": (
            "We call on the commissioner to keep the specialist anti-trafficking unit as a dedicated team, "
            "with its eleven detectives, in next year's policing budget."
        ),
        "goal": 1000,
        "is_published": True,
        "postcode_field": "optional",
        "country_field": "optional",
        "comment_field": "optional",
    }
    # create_defaults replaces defaults on creation, so it repeats them with the first closing date.
    petition, _created = Petition.objects.update_or_create(
        title=PETITION_TITLE,
        defaults=details,
        create_defaults={**details, "closes_at": timezone.now() + timedelta(days=60)},
    )
    for language, texts in PETITION.items():
        PetitionTranslation.objects.update_or_create(petition=petition, language=language, defaults=texts)
    if not petition.signatures.exists():
        add_demo_signatures(petition)
    return petition


def add_demo_signatures(petition, count=340):
    """Generated signers (example.org addresses), most confirmed, spread over fourteen days and several countries."""
    generator = random.Random(petition.pk)
    now = timezone.now()
    signatures = []
    for number in range(count):
        signed_at = now - timedelta(days=generator.uniform(0, 14))
        confirmed = number % 12 != 0
        email = f"signer{number}@example.org"
        signatures.append(
            Signature(
                petition=petition,
                name=f"{generator.choice(DEMO_FIRST_NAMES)} {generator.choice(DEMO_LAST_NAMES)}",
                email=email,
                normalised_email=normalise_email(email),
                country=generator.choice(DEMO_COUNTRIES),
                status=SignatureStatus.CONFIRMED if confirmed else SignatureStatus.PENDING,
                created_at=signed_at,
                confirmed_at=signed_at + timedelta(minutes=generator.randint(1, 600)) if confirmed else None,
                confirmation_emails_sent=1,
            )
        )
    Signature.objects.bulk_create(signatures)
    confirmed = sum(signature.status == SignatureStatus.CONFIRMED for signature in signatures)
    PetitionCounter.objects.add(petition.pk, confirmed)


def campaign_body(text, photo, index, petition):
    """The campaign page's blocks in one language (`text`: a language's entry in demo_texts.CAMPAIGN); `index` is the
    campaign index in that language."""
    return [
        {"type": "heading", "value": {"text": text["why_heading"], "level": "h2"}},
        {"type": "paragraph", "value": text["why"]},
        {
            "type": "petition",
            "value": {
                "petition": petition.pk,
                "heading": text["petition_heading"],
                "intro": text["petition_intro"],
                "button_label": text["button_label"],
                "show_progress": True,
            },
        },
        {
            "type": "image",
            "value": {"image": photo.pk, "alt_text": text["image_alt"], "caption": text["image_caption"]},
        },
        {"type": "quote", "value": {"text": text["quote"], "attribution": text["quote_attribution"]}},
        {"type": "heading", "value": {"text": text["where_heading"], "level": "h3"}},
        {"type": "embed", "value": MAP_URL},
        {"type": "paragraph", "value": text["where"]},
        {"type": "call_to_action", "value": {"label": text["more_label"], "page": index.pk, "link_url": ""}},
        {"type": "comments", "value": {"open": True, "max_depth": 5, "order": "oldest", "threads_per_page": 50}},
    ]


def ensure_demo_discussion(page, discussion, held=None):
    """Add a discussion (demo_texts.DISCUSSION's shape) under the campaign page, once, and a `held` (name, text)
    comment waiting for a moderator."""
    if Comment.objects.filter(page=page).exists():
        return
    posted_at = timezone.now() - timedelta(days=6)

    def add(entries, parent):
        nonlocal posted_at
        for name, body, replies in entries:
            posted_at += timedelta(hours=5)
            comment = Comment.objects.create(
                page=page,
                parent=parent,
                author_name=name,
                author_email=f"{name.split()[0].lower()}@example.org",
                body=body,
                status=Comment.Status.APPROVED,
                created_at=posted_at,
                approved_at=posted_at,
            )
            add(replies, comment)

    add(discussion, None)
    if held is None:
        return
    name, body = held
    Comment.objects.create(
        page=page,
        author_name=name,
        author_email="ray@example.org",
        body=body,
        status=Comment.Status.PENDING,
        held_because=holds.too_many_links(2),
    )


def get_or_create_index(root):
    index = CampaignIndexPage.objects.filter(slug=INDEX_SLUG, locale=Locale.get_default()).first()
    if index is None:
        text = CAMPAIGN["en"]
        index = root.add_child(
            instance=CampaignIndexPage(title=text["index_title"], slug=INDEX_SLUG, intro=text["index_intro"])
        )
    return index


def publish_campaign(page, text, hero, photo, index, petition):
    """Fill the campaign page (or its translation) with `text`, a language's entry in demo_texts.CAMPAIGN, and
    publish it."""
    page.title = text["title"]
    page.intro = text["intro"]
    page.hero_image = hero
    page.hero_image_alt = ""
    page.body = json.dumps(campaign_body(text, photo, index, petition))
    page.save_revision().publish()
    return page


def translation_of(page, language):
    """The translation of `page` in `language`: made (as a draft) as an editor's "Translate" action makes it, or the
    one made last time."""
    locale, _created = Locale.objects.get_or_create(language_code=language)
    translation = page.get_translation_or_none(locale) or page.copy_for_translation(locale)
    return translation.specific


@transaction.atomic
def load_demo():
    """Create or refresh the demo site, with its Welsh and French translations; return the campaign page."""
    root = Page.get_first_root_node()
    index = get_or_create_index(root)
    hero = make_banner_image("Campaign banner", ["#1d1d1f", "#b3261e", "#f4f1ea"])
    photo = make_banner_image("Campaign colours", ["#f4f1ea", "#7f1a15", "#5a5a66", "#b3261e"])
    ensure_map_embed()
    petition = ensure_demo_petition()
    page = CampaignPage.objects.filter(slug=CAMPAIGN_SLUG, locale=index.locale).first()
    if page is None:
        page = index.add_child(instance=CampaignPage(title=CAMPAIGN["en"]["title"], slug=CAMPAIGN_SLUG, live=False))
    publish_campaign(page, CAMPAIGN["en"], hero, photo, index, petition)
    ensure_demo_discussion(page, DISCUSSION["en"], held=HELD_COMMENT)
    for language in ("cy", "fr"):
        text = CAMPAIGN[language]
        translated_index = translation_of(index, language)
        translated_index.title, translated_index.intro = text["index_title"], text["index_intro"]
        translated_index.save_revision().publish()
        translated_page = translation_of(page, language)
        publish_campaign(translated_page, text, hero, photo, translated_index, petition)
        ensure_demo_discussion(translated_page, DISCUSSION[language])

    make_site_root(index)
    return page


def make_site_root(index):
    """Serve the campaigns as the home page, at the address WAGTAILADMIN_BASE_URL names (page URLs in the API)."""
    address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    previous_root = site.root_page if site.pk else None
    site.hostname = address.hostname or "localhost"
    site.port = address.port or (443 if address.scheme == "https" else 80)
    site.site_name = site.site_name or "Campaign CMS"
    site.root_page = index
    site.save()
    # Wagtail's placeholder "Welcome" page has no use once the campaigns are the home page.
    replaced_placeholder = previous_root and previous_root.pk != index.pk and previous_root.specific_class is Page
    if replaced_placeholder and not previous_root.get_children().exists():
        previous_root.delete()
