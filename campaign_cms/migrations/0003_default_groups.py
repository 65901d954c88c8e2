"""The two admin groups a campaign team needs, with the permissions their work calls for (README: Permissions).

- "Discussion moderators": the comment queue (view and change comments) and the blocked words; nothing else.
- "Petition managers": petitions (add, change, view; not delete, which would delete their signatures) and
  signatures (view and change: see, reject, restore, export). E-mail addresses in delivery files need the
  separate "Can include signers' e-mail addresses in delivery files" permission, given to people one by one.

Wagtail's own "Moderators" group is about pages, hence the different names. Existing groups of these names keep
their permissions and gain these; unapplying leaves the groups alone.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ADMIN_ACCESS = ("wagtailadmin", "access_admin")
GROUPS = {
    "Discussion moderators": [
        ADMIN_ACCESS,
        ("comments", "view_comment"),
        ("comments", "change_comment"),
        ("comments", "view_blockedterm"),
        ("comments", "add_blockedterm"),
        ("comments", "change_blockedterm"),
        ("comments", "delete_blockedterm"),
    ],
    "Petition managers": [
        ADMIN_ACCESS,
        ("petitions", "view_petition"),
        ("petitions", "add_petition"),
        ("petitions", "change_petition"),
        ("petitions", "view_signature"),
        ("petitions", "change_signature"),
    ],
}


def create_groups(apps, schema_editor):
    # Model permissions are normally created after the last migration (post_migrate); these need them now.
    for app_label in ("petitions", "comments"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps, using=schema_editor.connection.alias)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, permissions in GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
                for app_label, codename in permissions
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("campaign_cms", "0002_body_petition_and_comments_blocks"),
        ("petitions", "0001_initial"),
        ("comments", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
