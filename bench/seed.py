"""Seeding the benchmark's data: petitions, pages and a few users through the ORM, and the bulk (signatures, comments)
in single SQL statements, never row by row through the ORM.

Signatures are generated inside PostgreSQL with generate_series; comments, which need their ids in their paths, are
written with COPY from rows built here. The counter shards are written to match the confirmed rows exactly.
"""

import datetime
import json
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Site

from campaign_cms.models import CampaignIndexPage, CampaignPage
from comments.models import PATH_SEGMENT_WIDTH, Comment
from petitions.conf import app_settings as petition_settings
from petitions.models import Petition, PetitionCounter

from .baseline import BASELINE_TABLE_SQL

# Threads of five comments, alternately a chain down to depth 5 and a branching thread; each entry is
# (index of the parent within the thread or None, depth).
THREAD_SHAPES = (
    ((None, 1), (0, 2), (1, 3), (2, 4), (3, 5)),
    ((None, 1), (0, 2), (0, 2), (1, 3), (0, 2)),
)
COMMENTS_PER_THREAD = 5
COMMENT_BODY = (
    "I have followed this unit's work for years, and closing it now would be a disgrace. Comment {number}: the "
    "figures in the report (see https://example.org/report-{number}) show what it achieves, and nobody else will "
    "do this work if it goes."
)
PARAGRAPH = "<p>The unit has found hundreds of people forced into work they could not leave. Keep it open.</p>"
# The peer's fields (label, type) as an editor adds them in the admin; required, as Wagtail makes them by default.
PEER_FIELDS = (("Name", "singleline"), ("Email", "email"), ("Postcode", "singleline"), ("Consent", "checkbox"))
COMMENTS_BLOCK = {
    "heading_one": "One thought on “{title}”",
    "heading_many": "{count} thoughts on “{title}”",
    "open": True,
    "max_depth": 5,
    "order": "oldest",
    "threads_per_page": 50,
}


@dataclass(frozen=True)
class SeededPage:
    """A campaign page with a petition of `signatures` confirmed signatures and `comments` approved comments."""

    page_id: int
    url: str
    petition_id: int | None
    signatures: int
    comments: int


def content_blocks(title):
    return [
        {"type": "heading", "value": {"text": title, "level": "h2"}},
        {"type": "paragraph", "value": PARAGRAPH},
        {"type": "quote", "value": {"text": "Closing the unit sends the wrong message.", "attribution": "A worker"}},
        {"type": "paragraph", "value": PARAGRAPH},
    ]


def campaign_index():
    """The campaign index below the default site's root page (created on the first call)."""
    index = CampaignIndexPage.objects.first()
    if index is None:
        root = Site.objects.get(is_default_site=True).root_page
        index = root.add_child(instance=CampaignIndexPage(title="Campaigns", slug="campaigns"))
    return index


def make_page(slug, petition=None, with_comments=False):
    """Publish a campaign page whose body is the content blocks, plus the petition and comments blocks if given."""
    title = f"Keep the unit open ({slug})"
    body = content_blocks(title)
    if petition is not None:
        block = {"petition": petition.pk, "heading": "", "intro": "", "button_label": "", "show_progress": True}
        body.insert(2, {"type": "petition", "value": block})
    if with_comments:
        body.append({"type": "comments", "value": COMMENTS_BLOCK})
    page = CampaignPage(title=title, slug=slug, intro="Sign and join the discussion.", body=json.dumps(body))
    campaign_index().add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_petition(title, requires_confirmation=True):
    return Petition.objects.create(
        title=title,
        target="The Police and Crime Commissioner",
        ask="Keep the anti-trafficking unit open.",
        goal=1_000_000,
        requires_confirmation=requires_confirmation,
    )


def add_confirmed_signatures(petition, count, consent_every=2):
    """`count` confirmed signatures in one INSERT ... SELECT, and counter shards that add up to them; one signer in
    `consent_every` consents to hear more (every one with 1)."""
    if connection.vendor != "postgresql":
        raise RuntimeError("bulk seeding uses generate_series: run it on PostgreSQL")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO petitions_signature (
                petition_id, name, email, normalised_email, postcode, country, comment, consent, status,
                created_at, confirmed_at, ip_hash, source, referrer, confirmation_emails_sent, language, share_channel
            )
            SELECT
                %(petition)s,
                -- Every thousandth name looks like a spreadsheet formula, which exports must neutralise.
                CASE WHEN i %% 1000 = 0 THEN '=HYPERLINK(' || i || ')' ELSE 'Signer ' || i END,
                'signer' || i || '@example.org',
                'signer' || i || '@example.org',
                CASE WHEN i %% 3 = 0 THEN 'SW1A ' || (i %% 10) || 'AA' ELSE '' END,
                (ARRAY['GB', 'FR', 'DE', 'IE', 'US'])[1 + i %% 5],
                CASE WHEN i %% 10 = 0 THEN 'Because the unit protects people, says signer ' || i ELSE '' END,
                i %% %(consent_every)s = 0,
                'confirmed',
                %(start)s + make_interval(secs => i),
                %(start)s + make_interval(secs => i + 60),
                md5(i::text) || md5((i + 1)::text),
                'web',
                '',
                1,
                %(language)s,
                ''
            FROM generate_series(1, %(count)s) AS i
            """,
            {
                "petition": petition.pk,
                "count": count,
                "start": timezone.now() - datetime.timedelta(seconds=count),
                "language": settings.LANGUAGE_CODE,
                "consent_every": consent_every,
            },
        )
        shards = max(1, petition_settings.COUNTER_SHARDS)
        PetitionCounter.objects.bulk_create(
            PetitionCounter(petition=petition, shard=shard, count=count // shards + (shard < count % shards))
            for shard in range(shards)
        )


def comment_rows(page_id, first_id, count, start):
    """Rows for COPY: approved comments in threads of THREAD_SHAPES, with ids from `first_id` and their paths."""
    for number in range(count):
        thread, position = divmod(number, COMMENTS_PER_THREAD)
        parent_position, depth = THREAD_SHAPES[thread % len(THREAD_SHAPES)][position]
        thread_first = first_id + thread * COMMENTS_PER_THREAD
        ancestors = []
        walk = position
        while walk is not None:
            ancestors.append(thread_first + walk)
            walk = THREAD_SHAPES[thread % len(THREAD_SHAPES)][walk][0]
        created = start + datetime.timedelta(minutes=number)
        yield (
            first_id + number,
            page_id,
            None if parent_position is None else thread_first + parent_position,
            thread_first,
            "".join(str(pk).zfill(PATH_SEGMENT_WIDTH) for pk in reversed(ancestors)),
            depth,
            f"Reader {number % 700}",
            f"reader{number % 700}@example.org",
            COMMENT_BODY.format(number=number),
            number % 4 == 0,
            Comment.Status.APPROVED,
            "",
            created,
            created,
            "",
        )


def add_comments(page, count):
    """`count` approved comments on `page` (threads of five, depth up to 5) with one COPY."""
    if count % COMMENTS_PER_THREAD:
        raise ValueError(f"comments come in threads of {COMMENTS_PER_THREAD}")
    table = Comment._meta.db_table
    columns = (
        "id, page_id, parent_id, thread_id, path, depth, author_name, author_email, body, notify, status, "
        "held_because, created_at, approved_at, ip_hash"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")  # noqa: S608 - our own table name
        first_id = cursor.fetchone()[0]
        start = timezone.now() - datetime.timedelta(minutes=count)
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in comment_rows(page.pk, first_id, count, start):
                copy.write_row(row)
        # Later comments (posted through the site) take ids after the copied ones.
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"  # noqa: S608
        )


def seeded_page(slug, signatures, comments):
    petition = make_petition(f"Keep the unit open ({slug})") if signatures is not None else None
    page = make_page(slug, petition=petition, with_comments=comments is not None)
    if signatures:
        add_confirmed_signatures(petition, signatures)
    if comments:
        add_comments(page, comments)
    return SeededPage(
        page_id=page.pk,
        url=page.url,
        petition_id=petition.pk if petition else None,
        signatures=signatures or 0,
        comments=comments or 0,
    )


def peer_page():
    """The peer: a stock Wagtail form page used as a petition, published under the site's root, sending no mail."""
    # Imported here: the suite's settings, under which tests seed the other pages, do not install the peer.
    from .peer.models import FormField, FormPage

    root = Site.objects.get(is_default_site=True).root_page
    page = FormPage(
        title="Keep the unit open (stock form page)",
        slug="peer-petition",
        intro=PARAGRAPH,
        thank_you_text="<p>Thank you for signing.</p>",
        to_address="",
        form_fields=[FormField(label=label, field_type=field_type) for label, field_type in PEER_FIELDS],
    )
    root.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return SeededPage(page_id=page.pk, url=page.url, petition_id=None, signatures=0, comments=0)


def create_baseline_table():
    with connection.cursor() as cursor:
        cursor.execute(BASELINE_TABLE_SQL)


def analyse():
    """Fresh planner statistics and visibility maps after the bulk load, as autovacuum would give them in time."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
