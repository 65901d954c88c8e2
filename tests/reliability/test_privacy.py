"""No personal data in public: a crawl of every public page and API response of a seeded site finds none of the
seeded e-mail addresses, IP addresses (or their hashes), postcodes or signers' names. Erasure and anonymisation
leave nothing behind, exports included."""

import csv
import io
import json
import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook
from wagtail.models import Page

from comments.models import Comment
from petitions.models import Petition, Signature, SignatureStatus

SIGNERS = [
    ("Zebedee Quixote", "Zeb.Quixote+petition@gmail.com", "ZZ9 9ZZ", "192.0.2.71"),
    ("Xanthippe Vole", "xanthippe.vole@private.example", "QQ1 1QQ", "192.0.2.72"),
    ("Yolanda Umber", "yolanda@private.example", "WW2 2WW", "2001:db8::73"),
]
COMMENTERS = [
    ("Commenter One", "first.commenter@private.example", "192.0.2.81"),
    ("Commenter Two", "second.commenter@private.example", "192.0.2.82"),
]
MAX_URLS = 400
LINK = re.compile(r"""(?:href|src|action)="([^"#]+)""")


@pytest.fixture
def seeded_site(client, campaign, settings, make_campaign_page):
    """Signatures (confirmed and pending) and threaded comments (approved and held) posted through the real
    views from distinctive addresses, and a second page whose discussion needs several pages."""
    settings.PETITIONS_COUNT_CACHE_SECONDS = 0
    campaign.petition.requires_confirmation = False
    campaign.petition.save()
    for name, email, postcode, ip in SIGNERS:
        data = {"name": name, "email": email, "postcode": postcode, "country": "GB", "comment": f"{name} cares"}
        assert Client(REMOTE_ADDR=ip).post(f"/petitions/{campaign.petition.pk}/sign/", data).status_code == 302
    long_page = make_campaign_page(
        title="Long discussion", body=[{"type": "comments", "value": {"threads_per_page": 2}}]
    )
    for page in (campaign.page, long_page):
        parent = None
        for number in range(5):
            name, email, ip = COMMENTERS[number % 2]
            data = {"page_id": page.pk, "name": name, "email": email, "body": f"Point {number}", "notify": "on"}
            if parent and number % 2:
                data["parent"] = parent
            response = Client(REMOTE_ADDR=ip).post("/comments/post/", data)
            parent = int(response["Location"].rsplit("-", 1)[1])
    Comment.objects.filter(pk=parent).update(status=Comment.Status.PENDING)
    return campaign


def secrets_of(signers=SIGNERS, commenters=COMMENTERS):
    """Every string that must never be public: addresses (as typed and lower-cased), postcodes with and without
    their space, IPs and the stored IP hashes, and signers' names (commenters' names are public by design)."""
    found = set()
    for name, email, postcode, ip in signers:
        found |= {name, email, email.lower(), postcode, postcode.replace(" ", ""), ip}
    for _name, email, ip in commenters:
        found |= {email, email.lower(), ip}
    found |= set(Signature.objects.exclude(ip_hash="").values_list("ip_hash", flat=True))
    found |= set(Comment.objects.exclude(ip_hash="").values_list("ip_hash", flat=True))
    found |= set(Signature.objects.values_list("normalised_email", flat=True))
    return found


def start_urls(campaign):
    pages = [page for page in Page.objects.live().public().specific() if page.url]
    urls = ["/", "/api/v2/petitions/", "/api/v2/images/", "/api/v2/documents/", "/api/v2/schema/", "/api/v2/docs/"]
    urls += [f"/api/v2/pages/?limit=2&offset={offset}" for offset in range(0, len(pages) + 2, 2)]
    for page in pages:
        urls += [page.url, f"/api/v2/pages/{page.pk}/", f"/api/v2/comments/?page_id={page.pk}&limit=1"]
        urls += [f"/api/v2/comments/?page_id={page.pk}&limit=1&offset={offset}" for offset in range(1, 6)]
    for petition in Petition.objects.all():
        urls += [f"/petitions/{petition.pk}/", f"/api/v2/petitions/{petition.pk}/", f"/petitions/{petition.pk}/embed/"]
    return urls


def links_in(url, response):
    """Same-site URLs a visitor or an API client can follow from this response."""
    content_type = response.get("Content-Type", "")
    if "json" in content_type:
        text = json.dumps(response.json())
        found = re.findall(r'"(https?://testserver[^"]*|/[^"]*)"', text)
    elif "html" in content_type:
        found = LINK.findall(response.content.decode())
    else:
        return []
    links = []
    for link in found:
        absolute = urljoin(url, link.replace("&amp;", "&"))
        parts = urlsplit(absolute)
        if parts.netloc in ("", "testserver") and not parts.path.startswith(("/admin", "/static", "/media")):
            links.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return links


def crawl(urls):
    """Breadth-first over the public site from `urls`; {url: response} of every page reached."""
    visitor = Client()
    seen, queue, responses = set(urls), deque(urls), {}
    while queue and len(responses) < MAX_URLS:
        url = queue.popleft()
        response = visitor.get(url)
        responses[url] = response
        for link in links_in(url, response):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return responses


def body_text(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="replace")


def test_a_crawl_of_every_public_page_and_api_response_finds_no_personal_data(seeded_site):
    secrets = secrets_of()
    responses = crawl(start_urls(seeded_site))

    leaks = {
        url: sorted(secret for secret in secrets if secret.lower() in body_text(response).lower())
        for url, response in responses.items()
    }
    leaks = {url: found for url, found in leaks.items() if found}
    statuses = {}
    for response in responses.values():
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
    api_urls = [url for url in responses if url.startswith("/api/")]
    paginated = [url for url in responses if "offset=" in url or "comments-page=" in url or "page=" in url]
    assert leaks == {}
    assert statuses.get(500, 0) == 0 and len(api_urls) >= 10 and paginated
    print(
        f"\nprivacy crawl: {len(responses)} URLs ({len(api_urls)} API, {len(paginated)} paginated), "
        f"statuses {statuses}; {len(secrets)} seeded secrets, 0 found"
    )


def export_text(admin_client, petition):
    """Everything the admin can download about signers, as text."""
    csv_text = body_text(admin_client.get("/admin/petitions/signature/?export=csv"))
    delivery = body_text(admin_client.get(f"/admin/petitions/petition/delivery_csv/{petition.pk}/?email=1"))
    xlsx = load_workbook(
        io.BytesIO(b"".join(admin_client.get("/admin/petitions/signature/?export=xlsx").streaming_content))
    )
    cells = " ".join(str(cell.value) for row in xlsx.active.iter_rows() for cell in row)
    return "\n".join([csv_text, delivery, cells])


def stored_text():
    """Every stored signature and comment, all columns, as text."""
    rows = list(Signature.objects.values()) + list(Comment.objects.values())
    return json.dumps(rows, default=str)


def test_erasing_a_person_leaves_nothing_behind_in_the_database_or_exports(seeded_site, admin_client):
    name, email, postcode, ip = SIGNERS[0]
    Comment.objects.create(page=seeded_site.page, author_name=name, author_email=email, body="Mine", ip_hash="f" * 64)
    person = secrets_of(signers=[SIGNERS[0]], commenters=[(name, email, ip)])
    person -= secrets_of(signers=SIGNERS[1:], commenters=COMMENTERS)  # the others' hashes stay, rightly
    assert any(secret.lower() in export_text(admin_client, seeded_site.petition).lower() for secret in person)

    call_command("erase_personal_data", "--email", email.upper(), "--delete-content")

    remaining = (stored_text() + export_text(admin_client, seeded_site.petition)).lower()
    assert [secret for secret in person if secret.lower() in remaining] == []
    assert "xanthippe.vole@private.example" in remaining  # only that person was erased
    assert seeded_site.petition.signature_count == len(SIGNERS)  # the signature still counts


def test_anonymising_a_closed_petition_leaves_no_signer_behind(seeded_site, admin_client):
    petition = seeded_site.petition
    petition.is_closed = True
    petition.save()
    Petition.objects.filter(pk=petition.pk).update(closed_at="2000-01-01T00:00:00Z")

    call_command("anonymise_signatures", "--closed-for-days", "30")

    remaining = (
        json.dumps(list(Signature.objects.values()), default=str) + export_text(admin_client, petition)
    ).lower()
    signer_secrets = {secret for name, email, postcode, ip in SIGNERS for secret in (name, email, postcode, ip)}
    assert [secret for secret in signer_secrets if secret.lower() in remaining] == []
    assert Signature.objects.filter(status=SignatureStatus.CONFIRMED).count() == petition.signature_count == 3
    rows = list(
        csv.reader(io.StringIO(body_text(admin_client.get(f"/admin/petitions/petition/delivery_csv/{petition.pk}/"))))
    )
    assert rows[1:] == []  # nobody left to deliver: anonymised signatures are counted, not listed
