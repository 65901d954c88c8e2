from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from comments.privacy import erase as erase_comments
from petitions.privacy import erase_personal_data as erase_signatures


class Command(BaseCommand):
    help = "Erase one person's personal data, found by e-mail address, from every app that stores it."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="The person's e-mail address.")
        parser.add_argument(
            "--delete-content",
            action="store_true",
            help="Also remove the text of the person's comments (by default they stay, signed 'Anonymous').",
        )

    def erase(self, email, options):
        """{what: how many records were erased}; each app that stores personal data adds its line here."""
        return {
            "signatures": erase_signatures(email),
            "comments": erase_comments(email, delete_content=options["delete_content"]),
        }

    def handle(self, *args, email, **options):
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{email!r} is not an e-mail address.") from None
        # All or nothing: a failure in one app leaves the others untouched, so the command can simply be re-run.
        with transaction.atomic():
            erased = self.erase(email, options)
        for what, count in erased.items():
            self.stdout.write(f"{what}: {count} erased")
