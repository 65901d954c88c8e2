from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from petitions.conf import app_settings
from petitions.privacy import anonymise_closed_petitions


class Command(BaseCommand):
    help = (
        "Anonymise the signatures of petitions closed for longer than a retention period: names, e-mail addresses, "
        "postcodes, comments and IP hashes are blanked; counts stay."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--closed-for-days",
            type=int,
            default=None,
            help=f"Days since closing (default: PETITIONS_RETENTION_DAYS, {app_settings.RETENTION_DAYS}).",
        )

    def handle(self, *args, closed_for_days=None, **options):
        days = app_settings.RETENTION_DAYS if closed_for_days is None else closed_for_days
        if days < 0:
            raise CommandError("--closed-for-days must be 0 or more.")
        with transaction.atomic():
            count = anonymise_closed_petitions(days)
        self.stdout.write(f"Anonymised {count} signature(s) of petitions closed for more than {days} day(s).")
