"""Who may do what in the admin: anonymous, a plain editor, a discussion moderator, a petition manager and a
superuser, over every admin view, export and action of petitions, signatures and comments.

The moderator and the petition manager are members of the groups the campaign_cms data migration creates
("Discussion moderators", "Petition managers"), so this also checks that those groups carry the right rights.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import URLResolver, get_resolver, reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

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


# Who may open the admin URLs registered for each model (the URL names' prefixes): the roles that may see its
# list. Every URL the resolver knows under these prefixes is checked, so that a view added later (or one that a
# library registers, such as modeladmin's history view) cannot be left open by forgetting to list it here.
ADMIN_URL_PREFIXES = {
    "petitions_petition_modeladmin_": ("petition", PETITION_STAFF),
    "petitions_signature_modeladmin_": ("signature", PETITION_STAFF),
    "comments_comment_modeladmin_": ("comment", MODERATORS),
    "wagtailsnippets_comments_blockedterm:": ("term", MODERATORS),
    # Wagtail's choosers are open to every admin user, by design; blocked words hold no personal data.
    "wagtailsnippetchoosers_comments_blockedterm:": ("term", EVERY_ADMIN_USER),
}
# The URLs that fewer roles than the list's may open.
NARROWER = {
    "petitions_petition_modeladmin_delete": SUPERUSER,
    "petitions_signature_modeladmin_create": NOBODY,
    "petitions_signature_modeladmin_edit": NOBODY,
    "petitions_signature_modeladmin_delete": NOBODY,
    "comments_comment_modeladmin_create": NOBODY,
    "comments_comment_modeladmin_delete": NOBODY,
    "wagtailsnippetchoosers_comments_blockedterm:create": MODERATORS,
}
# Query-string variants of those URLs that need more, and pages outside them: (what, URL, who may see it).
EXTRA_VIEWS = [
    ("admin home", "/admin/", EVERY_ADMIN_USER),
    ("delivery CSV with e-mails", f"{PETITIONS}/delivery_csv/{{petition}}/?email=1", SUPERUSER),
    ("signature CSV export", f"{SIGNATURES}/?export=csv", PETITION_STAFF),
    ("signature XLSX export", f"{SIGNATURES}/?export=xlsx", PETITION_STAFF),
]


def resolver_patterns(patterns, prefix="", namespace=""):
    """(full name, pattern) of every URL pattern under `patterns`, namespaces included."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from resolver_patterns(pattern.url_patterns, prefix, inner)
        elif pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def admin_views(objects):
    """(URL name, URL filled with a real object's id, who may see it) for every admin URL registered for
    petitions, signatures, comments and blocked words."""
    views = []
    for name, pattern in resolver_patterns(get_resolver().url_patterns):
        for prefix, (model, roles) in ADMIN_URL_PREFIXES.items():
            if name.startswith(prefix):
                kwargs = dict.fromkeys(pattern.pattern.regex.groupindex, objects[model])
                views.append((name, reverse(name, kwargs=kwargs), NARROWER.get(name, roles)))
    return views


def test_the_admin_url_list_is_read_from_the_resolver(objects):
    """Issue 16 item 2: the matrix below covers the history views (and whatever is registered later)."""
    names = {name for name, _, _ in admin_views(objects)}
    assert {"petitions_signature_modeladmin_history", "comments_comment_modeladmin_history"} <= names
    assert {"petitions_signature_modeladmin_reject", "comments_comment_modeladmin_moderate"} <= names
    assert set(NARROWER) <= names


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


def opened(visitor, url):
    """The answer to a GET, or to an empty POST where the URL takes only POSTs (it then changes nothing)."""
    response = visitor.get(url)
    return visitor.post(url) if response.status_code == 405 else response


def test_every_admin_view_is_seen_only_by_whom_it_should(client, users, objects):
    """Issue 16 item 2: every admin URL of signatures and comments needs the permission of its list; a plain
    editor is refused everywhere (among them the history views that showed signers' names)."""
    views = [*admin_views(objects), *((what, url.format(**objects), who) for what, url, who in EXTRA_VIEWS)]
    matrix = {}
    for what, url, expected in views:
        who = {role for role in ROLES if allowed(opened(client_for(client, users[role]), url))}
        matrix[what] = who
        assert who == expected, what
    print(f"\npermissions: {len(views)} admin views x {len(ROLES)} roles, each seen only by its roles")
    for what, who in matrix.items():
        print(f"  {what:55} {', '.join(sorted(who)) or 'nobody'}")


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
        **nested_form_data({"translations": inline_formset([])}),
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
