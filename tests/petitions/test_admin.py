"""The admin: petition list and report, delivery files, signature listing, export, moderation, permissions."""

import csv
import datetime
import io
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.staticfiles import finders
from django.db.models import ProtectedError
from openpyxl import load_workbook
from wagtail.test.utils.form_data import nested_form_data

from petitions.models import Petition, PetitionCounter, Signature, SignatureStatus

from .admin_forms import petition_form

PETITIONS = "/admin/petitions/petition/"
SIGNATURES = "/admin/petitions/signature/"


@pytest.fixture
def signatures(petition):
    rows = [
        ("Ada Lovelace", "ada@example.org", "GB", SignatureStatus.CONFIRMED, "Keep it"),
        ('=HYPERLINK("http://evil.example")', "evil@example.org", "FR", SignatureStatus.CONFIRMED, "+1 agreed"),
        ("Pending Person", "pending@example.org", "", SignatureStatus.PENDING, "@mention"),
    ]
    created = []
    for name, email, country, status, comment in rows:
        created.append(
            Signature.objects.create(
                petition=petition,
                name=name,
                email=email,
                normalised_email=email,
                country=country,
                status=status,
                comment=comment,
                postcode="-SW1",
                confirmed_at="2030-01-02T10:00:00Z" if status == "confirmed" else None,
            )
        )
    PetitionCounter.objects.add(petition.pk, 2)
    return created


def denied(response):
    """Wagtail's admin answers PermissionDenied with a redirect to the dashboard and a message."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


def read_csv(response):
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content)))


def test_petition_list_shows_status_and_progress(admin_client, petition, signatures):
    html = admin_client.get(PETITIONS).content.decode()

    assert "Keep the unit open" in html and "The Police Commissioner" in html
    assert '<progress max="100" value="2"></progress> 2 / 100' in html
    assert ">Open<" in html


def test_petition_list_status_filter(admin_client, make_petition):
    make_petition(title="Still open")
    make_petition(title="All over", is_closed=True)

    html = admin_client.get(PETITIONS + "?status=closed").content.decode()

    assert "All over" in html and "Still open" not in html


def test_create_petition_through_the_admin(admin_client):
    response = admin_client.post(PETITIONS + "create/", nested_form_data(petition_form()))

    assert response.status_code == 302
    assert admin_client.get(PETITIONS).content.decode().count("New one") >= 1


def test_report_has_chart_countries_statuses_and_delivery_links(admin_client, petition, signatures):
    html = admin_client.get(f"{PETITIONS}inspect/{petition.pk}/").content.decode()

    assert '<svg class="petition-chart"' in html and "<rect" in html
    assert "United Kingdom" in html and "France" in html
    assert "<td>1</td><td>2</td><td>0</td>" in html  # pending, confirmed, rejected
    assert f"{PETITIONS}delivery/{petition.pk}/" in html and f"{PETITIONS}delivery_csv/{petition.pk}/" in html


def test_report_without_signature_permission_shows_no_signer_links(client, editor, petition, signatures):
    client.force_login(editor)

    html = client.get(f"{PETITIONS}inspect/{petition.pk}/").content.decode()

    assert "United Kingdom" in html  # aggregate figures only
    assert "delivery_csv" not in html and "ada@example.org" not in html and "Ada Lovelace" not in html


def test_printable_delivery_summary(admin_client, petition, signatures):
    html = admin_client.get(f"{PETITIONS}delivery/{petition.pk}/").content.decode()

    assert "A petition to <strong>The Police Commissioner</strong>" in html
    assert "Keep the anti-trafficking unit open." in html and "2 signatures" in html
    assert "Ada Lovelace" not in html


@pytest.mark.parametrize(
    ("fields", "shown", "not_shown"),
    [
        (
            {"closes_at": datetime.datetime(2099, 6, 30, 12, tzinfo=datetime.UTC)},
            "<dt>Closes</dt><dd>30 June 2099</dd>",
            "Closed",
        ),
        ({}, "<dt>Status</dt><dd>Open</dd>", "Closed"),
        ({"is_closed": True}, "<dt>Closed on</dt>", "Closes"),
        (
            {"closes_at": datetime.datetime(2020, 6, 30, 12, tzinfo=datetime.UTC)},
            "<dt>Closed on</dt><dd>30 June 2020</dd>",
            "Closes",
        ),
    ],
    ids=["open-with-closing-date", "open", "closed-by-hand", "closing-date-passed"],
)
def test_printable_summary_says_open_closes_or_closed_by_status(admin_client, make_petition, fields, shown, not_shown):
    """Issue 16 item 18: it said "Closed 30 June 2027" of a petition that was still open."""
    petition = make_petition(**fields)

    html = admin_client.get(f"{PETITIONS}delivery/{petition.pk}/").content.decode()

    assert shown in html and not_shown not in html


@pytest.mark.parametrize("debug", [False, True])
def test_delivery_csv_lists_confirmed_signers_without_emails(admin_client, settings, petition, signatures, debug):
    # Under DEBUG (make run) Django also formats each statement with its parameters for its query log.
    settings.DEBUG = debug
    Signature.objects.filter(pk=signatures[0].pk).update(
        created_at=datetime.datetime(2020, 1, 1, 9, 30, tzinfo=datetime.UTC)
    )
    rows = read_csv(admin_client.get(f"{PETITIONS}delivery_csv/{petition.pk}/"))

    assert rows[0] == [
        "Name",
        "Postcode",
        "Country",
        "Country code",
        "Signed at (UTC)",
        "Confirmed at (UTC)",
        "Comment",
    ]
    # Issue 16 item 24: "Signed on" held the confirmation time.
    assert rows[1] == [
        "Ada Lovelace",
        "'-SW1",
        "United Kingdom",
        "GB",
        "2020-01-01 09:30:00",
        "2030-01-02 10:00:00",
        "Keep it",
    ]
    assert rows[2][0] == '\'=HYPERLINK("http://evil.example")' and rows[2][-1] == "'+1 agreed"
    assert len(rows) == 3  # the pending signer is not delivered


def test_every_export_gives_countries_by_name_and_code(admin_client, petition, signatures):
    """Issue 16 item 24: the delivery CSV gave names, the signature export codes."""
    delivery = read_csv(admin_client.get(f"{PETITIONS}delivery_csv/{petition.pk}/"))
    listing = read_csv(admin_client.get(SIGNATURES + "?export=csv"))
    response = admin_client.get(SIGNATURES + "?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    spreadsheet = [[cell.value or "" for cell in row] for row in sheet.iter_rows()]

    for rows in (delivery, listing, spreadsheet):
        countries = {(row[rows[0].index("Country")], row[rows[0].index("Country code")]) for row in rows[1:]}
        assert ("United Kingdom", "GB") in countries and ("France", "FR") in countries


def test_countries_have_their_common_english_names(admin_client, petition):
    """Issue 16 item 24: Nauru was "Naoero"."""
    Signature.objects.create(
        petition=petition,
        name="Ada",
        normalised_email="ada@example.org",
        country="NR",
        status=SignatureStatus.CONFIRMED,
        confirmed_at="2030-01-02T10:00:00Z",
    )

    rows = read_csv(admin_client.get(f"{PETITIONS}delivery_csv/{petition.pk}/"))

    assert rows[1][2:4] == ["Nauru", "NR"]
    assert "Nauru" in admin_client.get(f"{PETITIONS}inspect/{petition.pk}/").content.decode()


def test_delivery_files_are_named_after_the_petition(admin_client, make_petition):
    """Issue 16 item 25: delivery files were all called petition-<id>-signatures.csv."""
    petition = make_petition(title="Keep the Unit open!")

    response = admin_client.get(f"{PETITIONS}delivery_csv/{petition.pk}/")

    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    assert f'filename="keep-the-unit-open-signatures-{today}.csv"' in response["Content-Disposition"]


def test_delivery_csv_emails_need_their_own_permission(client, admin_client, organiser, petition, signatures):
    rows = read_csv(admin_client.get(f"{PETITIONS}delivery_csv/{petition.pk}/?email=1"))
    assert rows[0][-1] == "E-mail" and rows[1][-1] == "ada@example.org"

    client.force_login(organiser)
    assert client.get(f"{PETITIONS}delivery_csv/{petition.pk}/").status_code == 200
    assert denied(client.get(f"{PETITIONS}delivery_csv/{petition.pk}/?email=1"))


def test_a_petition_with_signatures_cannot_be_deleted(admin_client, petition, signatures, petition_page):
    """Issue 16 item 6: deleting a petition deleted its signatures without a word. The delete screen says why it
    cannot, and which pages show the petition; a POST deletes nothing."""
    page = petition_page

    html = admin_client.get(f"{PETITIONS}delete/{petition.pk}/").content.decode()
    response = admin_client.post(f"{PETITIONS}delete/{petition.pk}/")

    assert "3 signatures" in html and "close it" in html and 'value="Yes, delete"' not in html
    assert page.title in html and f"/admin/pages/{page.pk}/edit/" in html
    assert response.status_code == 200 and "Ada Lovelace" not in response.content.decode()
    assert Signature.objects.filter(petition=petition).count() == 3


def test_the_database_refuses_to_delete_signatures_with_their_petition(petition, signatures):
    """Issue 16 item 6: no path deletes signatures silently."""
    with pytest.raises(ProtectedError):
        petition.delete()
    assert Signature.objects.filter(petition=petition).count() == 3


def test_a_petition_without_signatures_can_be_deleted_and_its_pages_are_named(admin_client, petition, petition_page):
    html = admin_client.get(f"{PETITIONS}delete/{petition.pk}/").content.decode()
    assert petition_page.title in html and 'value="Yes, delete"' in html

    assert admin_client.post(f"{PETITIONS}delete/{petition.pk}/").status_code == 302
    assert not Petition.objects.filter(pk=petition.pk).exists()


def test_signature_list_filters_and_search(admin_client, petition, signatures, make_petition):
    other = make_petition(title="Other")
    Signature.objects.create(petition=other, name="Zed", email="zed@example.org", normalised_email="zed@example.org")

    by_petition = admin_client.get(f"{SIGNATURES}?petition__id__exact={petition.pk}&status__exact=confirmed")
    by_search = admin_client.get(SIGNATURES + "?q=pending@example")

    assert "Ada Lovelace" in by_petition.content.decode() and "Zed" not in by_petition.content.decode()
    assert "Pending Person" in by_search.content.decode() and "Ada Lovelace" not in by_search.content.decode()


def test_the_country_filter_offers_only_the_countries_signers_gave(admin_client, petition, signatures):
    """Issue 16 item 20: it listed every country (~250)."""
    html = admin_client.get(SIGNATURES).content.decode()
    filtered = admin_client.get(SIGNATURES + "?country=FR").content.decode()

    assert "?country=GB" in html and "?country=FR" in html and "Afghanistan" not in html
    assert "Ada Lovelace" not in filtered and "HYPERLINK" in filtered


@pytest.mark.parametrize("url", [PETITIONS, SIGNATURES, "{PETITIONS}inspect/{pk}/"])
def test_admin_tables_wrap_between_words(admin_client, petition, url):
    """Issue 16 item 20: admin tables broke words mid-word; the apps' admin stylesheet wraps between words."""
    html = admin_client.get(url.format(PETITIONS=PETITIONS, pk=petition.pk)).content.decode()

    assert "petitions/css/admin.css" in html
    stylesheet = finders.find("petitions/css/admin.css")
    assert "word-break: normal" in Path(stylesheet).read_text()


def test_csv_export_streams_the_filtered_list_and_neutralises_formulas(admin_client, petition, signatures):
    response = admin_client.get(SIGNATURES + "?status__exact=confirmed&export=csv")

    assert response.streaming and response["Content-Type"].startswith("text/csv")
    rows = read_csv(response)
    assert rows[0][:3] == ["Petition", "Name", "E-mail"]
    names = {row[1] for row in rows[1:]}
    assert names == {"Ada Lovelace", '\'=HYPERLINK("http://evil.example")'}
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_csv_export_shows_times_in_utc_to_the_second_and_statuses_by_name(admin_client, petition):
    Signature.objects.create(
        petition=petition,
        name="Ada Lovelace",
        email="ada@example.org",
        normalised_email="ada@example.org",
        status=SignatureStatus.CONFIRMED,
        created_at=datetime.datetime(2030, 1, 2, 11, 4, 5, 999_999, tzinfo=ZoneInfo("Europe/Berlin")),
        confirmed_at=datetime.datetime(2030, 1, 2, 10, 30, tzinfo=datetime.UTC),
    )
    Signature.objects.create(petition=petition, name="Pending Person", normalised_email="pending@example.org")

    rows = read_csv(admin_client.get(SIGNATURES + "?export=csv"))

    cells = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    confirmed, pending = sorted(cells, key=lambda cell: cell["Status"])
    assert (confirmed["Signed at (UTC)"], confirmed["Confirmed at (UTC)"]) == (
        "2030-01-02 10:04:05",
        "2030-01-02 10:30:00",
    )
    assert (confirmed["Status"], confirmed["Source"], confirmed["Consents to be contacted"]) == (
        "Confirmed",
        "Web form",
        "no",
    )
    assert pending["Status"] == "Pending confirmation" and pending["Confirmed at (UTC)"] == ""


def test_csv_and_xlsx_exports_show_the_same_cells(admin_client, petition):
    # The database writes a CSV file's cells, Python an XLSX file's: every rule must come out the same.
    for number, name in enumerate(["=SUM(A1)", "+1", "-1", "@x", "\tTab", "\rReturn", "Ada", "Zoë 'quoted', \"too\""]):
        Signature.objects.create(
            petition=petition,
            name=name,
            email=f"signer{number}@example.org",
            normalised_email=f"signer{number}@example.org",
            postcode="-SW1" if number % 2 else "",
            consent=bool(number % 2),
            status=[SignatureStatus.PENDING, SignatureStatus.CONFIRMED, SignatureStatus.REJECTED][number % 3],
            confirmed_at=datetime.datetime(2030, 1, 2, 10, number, 5, 500, tzinfo=datetime.UTC) if number % 3 else None,
        )

    csv_rows = read_csv(admin_client.get(SIGNATURES + "?export=csv"))
    response = admin_client.get(SIGNATURES + "?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    xlsx_rows = [[xlsx_as_text(cell.value) for cell in row] for row in sheet.iter_rows()]

    # An XLSX file stores a carriage return as a line feed.
    csv_cells = [[cell.replace("\r", "\n") for cell in row] for row in csv_rows]
    assert len(csv_rows) == 9 and sorted(csv_cells[1:]) == sorted(xlsx_rows[1:])
    assert {row[1] for row in csv_rows[1:]} >= {"'=SUM(A1)", "'+1", "'-1", "'@x", "'\tTab", "'\rReturn", "Ada"}


def xlsx_as_text(value):
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    return "" if value is None else str(value)


def test_xlsx_export_neutralises_formulas(admin_client, petition, signatures):
    response = admin_client.get(SIGNATURES + "?export=xlsx")

    assert response.streaming
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values = [cell.value for row in workbook.active.iter_rows() for cell in row]
    assert '\'=HYPERLINK("http://evil.example")' in values and "'@mention" in values
    assert not any(isinstance(value, str) and value.startswith(("=", "+", "-", "@")) for value in values)
    assert all(cell.data_type != "f" for row in workbook.active.iter_rows() for cell in row)


@pytest.fixture
def unwritable_signature(petition):
    """Issue 16 item 3: text that XML 1.0 cannot hold, stored as it came (Django's e-mail validator accepts a
    control character between quotes)."""
    return Signature.objects.create(
        petition=petition,
        name="Ada \uffff Lovelace",
        email='"\x01"@example.com',
        normalised_email='"\x01"@example.com',
        comment="=1+1 \ufffe\x0b end",
        status=SignatureStatus.CONFIRMED,
        confirmed_at="2030-01-02T10:00:00Z",
    )


def test_xlsx_export_survives_characters_xml_cannot_hold(admin_client, unwritable_signature):
    """Issue 16 item 3: one such row made the XLSX export answer 500 (or a file that was not well-formed)."""
    response = admin_client.get(SIGNATURES + "?export=xlsx")

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = dict(zip([cell.value for cell in sheet[1]], [cell.value for cell in sheet[2]], strict=True))
    assert cells["Name"] == "Ada \ufffd Lovelace"
    assert cells["E-mail"] == '"\ufffd"@example.com'
    assert cells["Comment"] == "'=1+1 \ufffd\ufffd end"  # still neutralised


@pytest.mark.parametrize("url", [SIGNATURES + "?export=csv", "{petitions}delivery_csv/{pk}/?email=1"])
def test_csv_exports_survive_characters_xml_cannot_hold(admin_client, unwritable_signature, url):
    """Issue 16 item 3: CSV files keep the stored text (CSV has no such limit) and still neutralise formulas."""
    response = admin_client.get(url.format(petitions=PETITIONS, pk=unwritable_signature.petition_id))

    assert response.status_code == 200
    rows = read_csv(response)
    cells = dict(zip(rows[0], rows[1], strict=True))
    assert "Ada \uffff Lovelace" in cells.values() and "'=1+1 \ufffe\x0b end" in cells.values()


def test_editor_without_signature_permission_cannot_see_signers(client, editor, petition, signatures):
    client.force_login(editor)

    assert denied(client.get(SIGNATURES))
    assert denied(client.get(SIGNATURES + "?export=csv"))
    assert denied(client.get(f"{PETITIONS}delivery_csv/{petition.pk}/"))
    assert client.get(PETITIONS).status_code == 200


def test_reject_and_restore_update_the_count(client, organiser, petition, signatures, settings):
    settings.PETITIONS_COUNT_CACHE_SECONDS = 0
    client.force_login(organiser)
    ada = signatures[0]

    assert "Reject" in client.get(SIGNATURES).content.decode()
    assert client.get(f"{SIGNATURES}reject/{ada.pk}/").status_code == 200
    client.post(f"{SIGNATURES}reject/{ada.pk}/")
    assert Signature.objects.get(pk=ada.pk).status == SignatureStatus.REJECTED and petition.signature_count == 1

    client.post(f"{SIGNATURES}restore/{ada.pk}/")
    assert Signature.objects.get(pk=ada.pk).status == SignatureStatus.CONFIRMED and petition.signature_count == 2


def test_reject_confirmation_names_the_petition_and_the_message_is_spelt_right(client, organiser, signatures):
    """Issue 16 item 19: the heading said "… on 2" (the petition's id) and the message "rejectd"."""
    client.force_login(organiser)
    ada = signatures[0]

    html = client.get(f"{SIGNATURES}reject/{ada.pk}/").content.decode()
    rejected = client.post(f"{SIGNATURES}reject/{ada.pk}/", follow=True).content.decode()
    restored = client.post(f"{SIGNATURES}restore/{ada.pk}/", follow=True).content.decode()

    assert f"Ada Lovelace on {ada.petition.title}" in html and f"on {ada.petition_id}<" not in html
    assert "Signature by Ada Lovelace rejected." in rejected and "rejectd" not in rejected
    assert "Signature by Ada Lovelace restored." in restored


def test_viewing_signatures_does_not_allow_moderating(client, django_user_model, petition, signatures):
    from .conftest import user_with_permissions

    viewer = user_with_permissions(django_user_model, "viewer", "view_signature")
    client.force_login(viewer)

    assert client.get(SIGNATURES).status_code == 200
    assert denied(client.post(f"{SIGNATURES}reject/{signatures[0].pk}/"))
    assert denied(client.get(f"{SIGNATURES}edit/{signatures[0].pk}/"))
    assert Signature.objects.get(pk=signatures[0].pk).status == SignatureStatus.CONFIRMED


def test_campaigns_menu_groups_petitions_and_signatures(admin_client):
    html = admin_client.get("/admin/").content.decode()

    assert "Campaigns" in html and PETITIONS in html and SIGNATURES in html


def test_editors_choose_a_petition_for_the_block(admin_client, petition, petition_page):
    chooser = admin_client.get("/admin/petitions/choose/")
    editor = admin_client.get(f"/admin/pages/{petition_page.pk}/edit/")

    assert chooser.status_code == 200 and "Keep the unit open" in chooser.json()["html"]
    assert editor.status_code == 200 and "/admin/petitions/choose/" in editor.content.decode()


def test_signature_inspect_view_shows_the_signer(admin_client, signatures):
    html = admin_client.get(f"{SIGNATURES}inspect/{signatures[0].pk}/").content.decode()

    assert "ada@example.org" in html and "Keep it" in html


def test_the_petition_chooser_searches_and_shows_each_status(admin_client, make_petition):
    """Issue 16 item 25: the chooser had no search and hid each petition's status."""
    make_petition(title="Keep the unit open", target="The Commissioner")
    make_petition(title="Save the library", target="The Council", is_closed=True)

    modal = admin_client.get("/admin/petitions/choose/").json()["html"]
    by_title = admin_client.get("/admin/petitions/choose/results/", {"q": "librar"}).content.decode()
    by_target = admin_client.get("/admin/petitions/choose/results/", {"q": "commissioner"}).content.decode()

    statuses = re.findall(r"<td\s*>\s*(\w+)\s*</td>", modal)
    assert 'name="q"' in modal and "Status" in modal and sorted(statuses) == ["Closed", "Open"]
    assert "Save the library" in by_title and "Keep the unit open" not in by_title
    assert "Keep the unit open" in by_target and "Save the library" not in by_target


def chart_of(html):
    return html.split('<svg class="petition-chart"')[1].split("</svg>")[0]


def test_the_daily_chart_has_axes_labels_and_totals(admin_client, petition, signatures):
    """Issue 16 item 17: the chart had no axes, labels or totals, and one day of data filled it as a solid block."""
    html = admin_client.get(f"{PETITIONS}inspect/{petition.pk}/").content.decode()
    chart = chart_of(html)

    (bar,) = re.findall(r'<rect class="petition-chart-bar"[^>]*width="([\d.]+)"', chart)
    assert float(bar) <= 48  # one day is one bar, not the whole width
    assert chart.count('class="petition-chart-axis"') == 2
    tick_labels = re.findall(r'<text class="petition-chart-tick"[^>]*>([^<]+)</text>', chart)
    assert "0" in tick_labels and "2" in tick_labels and "2 Jan" in tick_labels
    assert "2 confirmed signatures in 1 day" in html
    assert re.search(r"<tfoot><tr><th[^>]*>Total</th><td>2</td></tr></tfoot>", html)


def test_the_daily_chart_labels_a_long_period_without_crowding(admin_client, petition):
    for day in range(60):
        Signature.objects.create(
            petition=petition,
            name=f"Signer {day}",
            normalised_email=f"signer{day}@example.org",
            status=SignatureStatus.CONFIRMED,
            confirmed_at=datetime.datetime(2030, 1, 1, 12, tzinfo=datetime.UTC) + datetime.timedelta(days=day * 2),
        )

    chart = chart_of(admin_client.get(f"{PETITIONS}inspect/{petition.pk}/").content.decode())

    bars = re.findall(r'<rect class="petition-chart-bar"', chart)
    day_labels = re.findall(r'<text class="petition-chart-tick" text-anchor="middle"', chart)
    assert len(bars) == 60 and 2 <= len(day_labels) <= 10  # days without confirmations are gaps
