"""`manage.py webhooks add URL --events E[,E...]` (prints the new secret, once), `list`, `remove ID_or_URL`, and
`deliver`: enqueue every delivery that is due, for cron and at start-up (deliveries whose task was lost; with a task
backend that runs tasks at once, it sends them)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from webhooks.endpoints import create_endpoint, find_endpoint
from webhooks.events import EVENT_TYPES
from webhooks.models import WebhookEndpoint
from webhooks.tasks import enqueue_due


class Command(BaseCommand):
    help = "Manage webhook endpoints, and send the deliveries that are due."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("add", help="Add an endpoint; prints its signing secret, which is not shown again.")
        add.add_argument("url")
        add.add_argument("--events", required=True, help=f"Comma-separated event types: {', '.join(EVENT_TYPES)}.")
        add.add_argument("--description", default="")
        actions.add_parser("list", help="List the endpoints (without their secrets).")
        remove = actions.add_parser("remove", help="Remove an endpoint and its delivery log.")
        remove.add_argument("endpoint", help="The endpoint's id or URL.")
        actions.add_parser("deliver", help="Enqueue every delivery that is due now (cron, start-up).")

    def handle(self, *args, action, **options):
        getattr(self, f"handle_{action}")(**options)

    def handle_add(self, url, events, description, **options):
        try:
            endpoint = create_endpoint(
                url, [event.strip() for event in events.split(",") if event.strip()], description
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"Added endpoint {endpoint.pk}: {endpoint.url}")
        self.stdout.write("Its signing secret (shown only now; keep it in the receiving system):")
        self.stdout.write(endpoint.secret)

    def handle_list(self, **options):
        for endpoint in WebhookEndpoint.objects.all():
            state = "active" if endpoint.is_active else "off"
            self.stdout.write(f"{endpoint.pk}\t{state}\t{endpoint.url}\t{endpoint.get_events_display()}")

    def handle_remove(self, endpoint, **options):
        try:
            found = find_endpoint(endpoint)
        except WebhookEndpoint.DoesNotExist as error:
            raise CommandError(f"No endpoint with id or URL {endpoint!r}.") from error
        except WebhookEndpoint.MultipleObjectsReturned as error:
            raise CommandError(f"Several endpoints have the URL {endpoint!r}: remove one by its id.") from error
        found.delete()
        self.stdout.write(f"Removed endpoint {found.url}.")

    def handle_deliver(self, **options):
        self.stdout.write(f"Queued {enqueue_due()} due deliveries.")
