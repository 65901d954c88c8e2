"""The e2e server's starting content: the demo campaign (`make run`'s), its development superuser as the editor,
and a moderator who may do nothing in the admin but moderate comments.

Run by the live-site fixture in the server's own environment: `python -m tests.e2e.seed`.
"""

import django
from django.core.management import call_command

EDITOR = ("admin", "admin")  # ensure_dev_admin's account
MODERATOR = ("moderator", "e2e-moderator-password")
MODERATOR_EMAIL = "moderator@example.org"
MODERATOR_PERMISSIONS = [("wagtailadmin", "access_admin"), ("comments", "change_comment")]


def create_moderator():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name="Comment moderators")
    group.permissions.set(
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in MODERATOR_PERMISSIONS
    )
    username, password = MODERATOR
    moderator = get_user_model().objects.create_user(username, MODERATOR_EMAIL, password, first_name="Mo")
    moderator.groups.add(group)


def seed():
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo")
    call_command("ensure_dev_admin")
    create_moderator()


if __name__ == "__main__":
    django.setup()
    seed()
