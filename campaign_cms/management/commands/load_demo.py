from django.core.management.base import BaseCommand

from campaign_cms.demo import load_demo


class Command(BaseCommand):
    help = "Create the demo campaign site, or bring it up to date. Safe to run again."

    def handle(self, *args, **options):
        page = load_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo campaign ready at {page.url}"))
