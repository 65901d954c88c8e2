from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext, ngettext

from comments.privacy import erase as erase_comments
from petitions.privacy import erase_personal_data as erase_signatures


class Command(BaseCommand):
    # The help texts are translated when the parser is made: argparse takes no lazy strings.
    @property
    def help(self):
        return gettext("Erase one person's personal data, found by e-mail address, from every app that stores it.")

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help=gettext("The person's e-mail address."))
        parser.add_argument(
            "--delete-content",
            action="store_true",
            help=gettext("Also remove the text of the person's comments (by default they stay, signed 'Anonymous')."),
        )

    def erase(self, email, options):
        """{what: how many records were erased}; each app that stores personal data adds its line here."""
        return {
            # Translators: what erase_personal_data erased, as in "signatures: 2 erased".
            gettext("signatures"): erase_signatures(email),
            # Translators: what erase_personal_data erased, as in "comments: 2 erased".
            gettext("comments"): erase_comments(email, delete_content=options["delete_content"]),
        }

    def handle(self, *args, email, **options):
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(gettext("%(email)r is not an e-mail address.") % {"email": email}) from None
        # All or nothing: a failure in one app leaves the others untouched, so the command can simply be re-run.
        with transaction.atomic():
            erased = self.erase(email, options)
        for what, count in erased.items():
            self.stdout.write(
                ngettext("%(what)s: %(count)s erased", "%(what)s: %(count)s erased", count)
                % {"what": what, "count": count}
            )
