from django.core.management.base import BaseCommand
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from petitions.models import PetitionUpdate, UpdateState
from petitions.tasks import enqueue_update


class Command(BaseCommand):
    help = _(
        "Resume sending every update to signers that is in the state 'sending': after a worker died, or at deploy "
        "and from cron. Messages a dead worker may have been sending are reported as interrupted, never sent twice."
    )

    def handle(self, *args, **options):
        update_ids = list(PetitionUpdate.objects.filter(state=UpdateState.SENDING).values_list("pk", flat=True))
        for update_id in update_ids:
            enqueue_update(update_id)
        self.stdout.write(
            ngettext("Resumed %(count)s update.", "Resumed %(count)s updates.", len(update_ids))
            % {"count": len(update_ids)}
        )
