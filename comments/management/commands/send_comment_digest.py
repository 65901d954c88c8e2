from django.core.management.base import BaseCommand
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from comments.tasks import send_moderation_digest


class Command(BaseCommand):
    help = _(
        "E-mail the moderators one summary of the comments held since the last one. "
        "Run it from cron (e.g. hourly) when COMMENTS_MODERATOR_NOTIFICATION is 'digest'."
    )

    def handle(self, *args, **options):
        result = send_moderation_digest.enqueue()
        self.stdout.write(gettext("Moderation digest queued (%(id)s).") % {"id": result.id})
