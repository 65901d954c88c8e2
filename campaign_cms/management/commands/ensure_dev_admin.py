from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "In development only: create the superuser admin/admin when no superuser exists."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("ensure_dev_admin only runs with DEBUG on; create real accounts with createsuperuser.")
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("A superuser exists already; nothing to do.")
            return
        User.objects.create_superuser("admin", "admin@localhost", "admin")
        self.stdout.write(self.style.WARNING("Created the development superuser admin / admin."))
