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
from wagtail.models import Page, Site

from comments.models import Comment
from petitions.models import Petition, PetitionCounter, Signature, SignatureStatus
from petitions.signing import normalise_email

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
    """The petition to the commissioner, with a few hundred signatures over the last fortnight (added once)."""
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


def campaign_body(hero, photo, index, petition):
    return [
        {"type": "heading", "value": {"text": "Why this unit matters", "level": "h2"}},
        {
            "type": "paragraph",
            "value": (
                "<p>For six years a team of eleven detectives has worked on one thing: finding people who are "
                "made to work, or sold, against their will. They have visited car washes, nail bars, farms and "
                "flats above takeaways. Last year alone they helped <b>43 people</b> out of exploitation and "
                "brought cases against the people who controlled them.</p>"
                "<p>The commissioner's draft budget folds the unit back into general policing from April. The "
                "detectives would be spread across other teams, and the relationships they have built with "
                "charities, landlords and the people they rescue would go with them.</p>"
            ),
        },
        {
            "type": "petition",
            "value": {
                "petition": petition.pk,
                "heading": "Sign the petition",
                "intro": "Add your name: we will hand every signature to the commissioner before the budget vote.",
                "button_label": "Sign the petition",
                "show_progress": True,
            },
        },
        {
            "type": "image",
            "value": {
                "image": photo.pk,
                "alt_text": "Bands of red and grey with overlapping circles, the campaign's colours",
                "caption": "The campaign's colours, used on leaflets across the city.",
            },
        },
        {
            "type": "quote",
            "value": {
                "text": (
                    "The people we meet do not walk into a police station. They are found, because someone "
                    "knew where to look. That knowledge takes years to build and a week to lose."
                ),
                "attribution": "A support worker who has worked alongside the unit since it began",
            },
        },
        {"type": "heading", "value": {"text": "Where the unit works", "level": "h3"}},
        {"type": "embed", "value": MAP_URL},
        {
            "type": "paragraph",
            "value": (
                "<p>Trafficking does not stop at force boundaries, and neither does this work. A specialist "
                "team is how a force keeps the skills, the contacts and the memory that this kind of case "
                "needs. We are asking the commissioner to keep it.</p>"
            ),
        },
        {
            "type": "call_to_action",
            "value": {"label": "Read more campaigns", "page": index.pk, "link_url": ""},
        },
        {"type": "comments", "value": {"open": True, "max_depth": 5, "order": "oldest", "threads_per_page": 50}},
    ]


# (name, text, replies): a heated discussion with three levels of replies. The last comment waits for a moderator.
DEMO_DISCUSSION = [
    (
        "Margaret Okafor",
        "I volunteer at a women's refuge. Two of the women we housed last year were found by this unit, in a flat "
        "above a takeaway nobody else had looked at twice. Closing it would be a disgrace.",
        [
            (
                "Dan Whitfield",
                "With respect, every police budget is full of good causes. Burglaries in my street go "
                "uninvestigated. Why should eleven detectives be ring-fenced when the rest of us wait?",
                [
                    (
                        "Margaret Okafor",
                        "Because the victims of this crime cannot report it. Your burglary gets a crime number "
                        "because you can walk into a station. They can't.",
                        [
                            (
                                "Priya Shah",
                                "This. The unit's own figures show most cases start from their visits, not from "
                                "calls: https://example.org/unit-annual-report",
                                [],
                            )
                        ],
                    )
                ],
            ),
            ("Tom Reilly", "Signed, and shared with my union branch.", []),
        ],
    ),
    (
        "Gareth Lewis",
        "Folding the team into general policing doesn't mean the work stops. Isn't this a bit of a scare campaign?",
        [
            (
                "Sophie Martin",
                "It means the work stops being anyone's job. I've seen it happen with the economic crime team: "
                "within a year nobody remembered the contacts.",
                [("Gareth Lewis", "Fair point. I hadn't heard about the economic crime team.", [])],
            )
        ],
    ),
    ("Kerry-Ann Bailey", "Wrote to the commissioner today. Took five minutes. Do it!", []),
]
HELD_DEMO_COMMENT = (
    "Ray Dunmore",
    "Typical. Save money somewhere useful for once: https://example.org/a and https://example.org/b",
)


def ensure_demo_discussion(page):
    """Add the demo discussion under the campaign page, once."""
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

    add(DEMO_DISCUSSION, None)
    name, body = HELD_DEMO_COMMENT
    Comment.objects.create(
        page=page,
        author_name=name,
        author_email="ray@example.org",
        body=body,
        status=Comment.Status.PENDING,
        held_because="Contains 2 links.",
    )


def get_or_create_index(root):
    index = CampaignIndexPage.objects.filter(slug=INDEX_SLUG).first()
    if index is None:
        index = root.add_child(
            instance=CampaignIndexPage(
                title="Campaigns",
                slug=INDEX_SLUG,
                intro="<p>What we are campaigning for, and how you can help.</p>",
            )
        )
    return index


def publish_campaign(index, hero, photo, petition):
    page = CampaignPage.objects.filter(slug=CAMPAIGN_SLUG).first()
    if page is None:
        page = index.add_child(
            instance=CampaignPage(
                title="Sign my petition: keep the anti-trafficking unit open",
                slug=CAMPAIGN_SLUG,
                intro="The police commissioner plans to close the specialist unit that finds victims of "
                "human trafficking in our city. Help us change their mind.",
                live=False,
            )
        )
    page.hero_image = hero
    page.hero_image_alt = ""
    page.body = json.dumps(campaign_body(hero, photo, index, petition))
    page.save_revision().publish()
    return page


@transaction.atomic
def load_demo():
    """Create or refresh the demo site; return the campaign page."""
    root = Page.get_first_root_node()
    index = get_or_create_index(root)
    hero = make_banner_image("Campaign banner", ["#1d1d1f", "#b3261e", "#f4f1ea"])
    photo = make_banner_image("Campaign colours", ["#f4f1ea", "#7f1a15", "#5a5a66", "#b3261e"])
    ensure_map_embed()
    petition = ensure_demo_petition()
    page = publish_campaign(index, hero, photo, petition)
    ensure_demo_discussion(page)

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
