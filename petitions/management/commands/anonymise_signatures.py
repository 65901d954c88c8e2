from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from petitions.conf import app_settings
from petitions.privacy import anonymise_closed_petitions


class Command(BaseCommand):
    help = _(
        "Anonymise the signatures of petitions closed for longer than a retention period: names, e-mail addresses, "
        "postcodes, comments and IP hashes are blanked; counts stay."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--closed-for-days",
            type=int,
            default=None,
            help=_("Days since closing (default: PETITIONS_RETENTION_DAYS, %(days)s).")
            % {"days": app_settings.RETENTION_DAYS},
        )

    def handle(self, *args, closed_for_days=None, **options):
        days = app_settings.RETENTION_DAYS if closed_for_days is None else closed_for_days
        if days < 0:
            raise CommandError(gettext("--closed-for-days must be 0 or more."))
        with transaction.atomic():
            count = anonymise_closed_petitions(days)
        # Two counts: each has its own plural form, the days' inside the signatures' sentence.
        period = ngettext("%(days)s day", "%(days)s days", days) % {"days": days}
        self.stdout.write(
            ngettext(
                "Anonymised %(count)s signature of petitions closed for more than %(period)s.",
                "Anonymised %(count)s signatures of petitions closed for more than %(period)s.",
                count,
            )
            % {"count": count, "period": period}
        )
