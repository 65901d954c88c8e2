"""Who may do what in the admin: anonymous, a plain editor, a discussion moderator, a petition manager and a
superuser, over every admin view, export and action of petitions, signatures and comments.

The moderator and the petition manager are members of the groups the campaign_cms data migration creates
("Discussion moderators", "Petition managers"), so this also checks that those groups carry the right rights.
"""

import pytest
from django.contrib.auth.models import Group

from comments.models import BlockedTerm, Comment
from petitions.models import Signature, SignatureStatus

ROLES = ("anonymous", "editor", "moderator", "manager", "superuser")
NOBODY = frozenset()
EVERY_ADMIN_USER = frozenset({"editor", "moderator", "manager", "superuser"})
PETITION_STAFF = frozenset({"manager", "superuser"})
MODERATORS = frozenset({"moderator", "superuser"})
SUPERUSER = frozenset({"superuser"})
PETITIONS = "/admin/petitions/petition"
SIGNATURES = "/admin/petitions/signature"
COMMENTS = "/admin/comments/comment"


@pytest.fixture
def users(django_user_model):
    def member(username, group):
        user = django_user_model.objects.create_user(username, f"{username}@example.org", "pw")
        user.groups.add(Group.objects.get(name=group))
        return user

    return {
        "anonymous": None,
        "editor": member("editor", "Editors"),  # Wagtail's own group: pages, images, documents
        "moderator": member("moderator", "Discussion moderators"),
        "manager": member("manager", "Petition managers"),
        "superuser": django_user_model.objects.create_superuser("root", "root@example.org", "pw"),
    }


@pytest.fixture
def objects(campaign):
    signature = Signature.objects.create(
        petition=campaign.petition,
        name="Ada",
        email="ada@example.org",
        normalised_email="ada@example.org",
        status=SignatureStatus.CONFIRMED,
    )
    comment = Comment.objects.create(page=campaign.page, author_name="Bo", author_email="bo@example.org", body="Hi")
    term = BlockedTerm.objects.create(term="casino")
    return {"petition": campaign.petition.pk, "signature": signature.pk, "comment": comment.pk, "term": term.pk}


# (what, URL pattern filled from `objects`, who may see it). GETs only: they must not change anything.
VIEWS = [
    ("admin home", "/admin/", EVERY_ADMIN_USER),
    ("petition list", f"{PETITIONS}/", PETITION_STAFF),
    ("petition create", f"{PETITIONS}/create/", PETITION_STAFF),
    ("petition edit", f"{PETITIONS}/edit/{{petition}}/", PETITION_STAFF),
    ("petition delete", f"{PETITIONS}/delete/{{petition}}/", SUPERUSER),
    ("petition report", f"{PETITIONS}/inspect/{{petition}}/", PETITION_STAFF),
    ("printable summary", f"{PETITIONS}/delivery/{{petition}}/", PETITION_STAFF),
    ("delivery CSV", f"{PETITIONS}/delivery_csv/{{petition}}/", PETITION_STAFF),
    ("delivery CSV with e-mails", f"{PETITIONS}/delivery_csv/{{petition}}/?email=1", SUPERUSER),
    ("signature list", f"{SIGNATURES}/", PETITION_STAFF),
    ("signature CSV export", f"{SIGNATURES}/?export=csv", PETITION_STAFF),
    ("signature XLSX export", f"{SIGNATURES}/?export=xlsx", PETITION_STAFF),
    ("signature inspect", f"{SIGNATURES}/inspect/{{signature}}/", PETITION_STAFF),
    ("signature reject form", f"{SIGNATURES}/reject/{{signature}}/", PETITION_STAFF),
    ("signature create", f"{SIGNATURES}/create/", NOBODY),
    ("signature edit", f"{SIGNATURES}/edit/{{signature}}/", NOBODY),
    ("signature delete", f"{SIGNATURES}/delete/{{signature}}/", NOBODY),
    ("comment queue", f"{COMMENTS}/", MODERATORS),
    ("comment inspect", f"{COMMENTS}/inspect/{{comment}}/", MODERATORS),
    ("comment edit", f"{COMMENTS}/edit/{{comment}}/", MODERATORS),
    ("comment create", f"{COMMENTS}/create/", NOBODY),
    ("comment delete", f"{COMMENTS}/delete/{{comment}}/", NOBODY),
    ("blocked words", "/admin/snippets/comments/blockedterm/", MODERATORS),
    ("blocked word edit", "/admin/snippets/comments/blockedterm/edit/{term}/", MODERATORS),
]

# (what, URL, form data, the change it makes when allowed, who may do it).
ACTIONS = [
    (
        "reject a signature",
        f"{SIGNATURES}/reject/{{signature}}/",
        {},
        lambda objects: Signature.objects.get(pk=objects["signature"]).status == SignatureStatus.REJECTED,
        PETITION_STAFF,
    ),
    (
        "moderate a comment",
        f"{COMMENTS}/moderate/",
        {"row_action": "spam:{comment}"},
        lambda objects: Comment.objects.get(pk=objects["comment"]).status == Comment.Status.SPAM,
        MODERATORS,
    ),
    (
        "close a petition",
        f"{PETITIONS}/edit/{{petition}}/",
        None,  # the edit form as it stands, with "closed" ticked
        lambda objects: Signature.objects.get(pk=objects["signature"]).petition.is_closed,
        PETITION_STAFF,
    ),
]


def allowed(response):
    """Wagtail answers a refusal with a redirect to the dashboard (or the login page), or a 403."""
    if response.status_code == 200:
        return True
    location = response.get("Location", "")
    return response.status_code == 302 and location != "/admin/" and not location.startswith("/admin/login/")


def client_for(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def test_every_admin_view_is_seen_only_by_whom_it_should(client, users, objects):
    matrix = {}
    for what, url, expected in VIEWS:
        who = {role for role in ROLES if allowed(client_for(client, users[role]).get(url.format(**objects)))}
        matrix[what] = who
        assert who == expected, what
    print(f"\npermissions: {len(VIEWS)} admin views x {len(ROLES)} roles, each seen only by its roles")
    for what, who in matrix.items():
        print(f"  {what:28} {', '.join(sorted(who)) or 'nobody'}")


@pytest.mark.parametrize(("what", "url", "data", "changed", "expected"), ACTIONS, ids=[a[0] for a in ACTIONS])
@pytest.mark.parametrize("role", ROLES)
def test_every_admin_action_is_done_only_by_whom_it_should(
    client, users, objects, role, what, url, data, changed, expected
):
    visitor = client_for(client, users[role])
    if data is None:
        data = edit_form_data(objects["petition"], is_closed="on")
    visitor.post(url.format(**objects), {key: value.format(**objects) for key, value in data.items()})

    assert changed(objects) == (role in expected)


def edit_form_data(petition_pk, **changes):
    from petitions.models import Petition

    petition = Petition.objects.get(pk=petition_pk)
    data = {
        "title": petition.title,
        "target": petition.target,
        "ask": petition.ask,
        "goal": str(petition.goal),
        "is_published": "on",
        "requires_confirmation": "on",
        "postcode_field": petition.postcode_field,
        "country_field": petition.country_field,
        "comment_field": petition.comment_field,
        "consent_text": petition.consent_text,
        "privacy_notice": petition.privacy_notice,
        "thank_you_text": petition.thank_you_text,
    }
    data.update(changes)
    return data


def test_the_campaigns_menu_shows_each_role_its_own_items(client, users, objects):
    menus = {}
    for role in ("editor", "moderator", "manager", "superuser"):
        html = client_for(client, users[role]).get("/admin/").content.decode()
        menus[role] = {label for label in ("Petitions", "Signatures", "Comments") if f'"label": "{label}' in html}
    assert menus == {
        "editor": set(),
        "moderator": {"Comments"},
        "manager": {"Petitions", "Signatures"},
        "superuser": {"Petitions", "Signatures", "Comments"},
    }


def test_a_petition_manager_sees_signers_but_not_their_emails_in_delivery_files(client, users, objects):
    visitor = client_for(client, users["manager"])
    report = visitor.get(f"{PETITIONS}/inspect/{objects['petition']}/").content.decode()
    delivery = b"".join(visitor.get(f"{PETITIONS}/delivery_csv/{objects['petition']}/").streaming_content).decode()
    assert "Ada" in delivery and "ada@example.org" not in delivery and "delivery_csv" in report
