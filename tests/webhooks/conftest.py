"""Webhook fixtures: a real HTTP receiver on 127.0.0.1 that verifies each delivery's signature, endpoints that
point at it, and signatures to confirm."""

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.utils import timezone
from standardwebhooks import Webhook, WebhookVerificationError

from petitions.models import Petition, Signature, SignatureStatus
from webhooks import events
from webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint

ALL_EVENTS = list(events.EVENT_TYPES)


@dataclass
class Received:
    headers: dict
    body: bytes
    verified: bool

    @property
    def payload(self):
        return json.loads(self.body)


@dataclass
class Receiver:
    """An HTTP server in a thread. `answers` is a list of status codes given in turn (then 200), or "hang" to answer
    after `hang_seconds`; `secret` verifies what arrives."""

    secret: str = ""
    answers: list = field(default_factory=list)
    received: list = field(default_factory=list)
    hang_seconds: float = 3
    server: ThreadingHTTPServer = None
    port: int = 0

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/hooks"

    def start(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                try:
                    Webhook(receiver.secret).verify(body, dict(self.headers))
                    verified = True
                except WebhookVerificationError:
                    verified = False
                receiver.received.append(Received({k.lower(): v for k, v in self.headers.items()}, body, verified))
                answer = receiver.answers.pop(0) if receiver.answers else 200
                if answer == "hang":
                    time.sleep(receiver.hang_seconds)
                    answer = 200
                self.send_response(answer)
                self.end_headers()
                self.wfile.write(b"receiver says " + str(answer).encode() + b"x" * 2000)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        """Nothing listens on the port any more: connections are refused."""
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    receiver = Receiver()
    receiver.start()
    yield receiver
    receiver.stop()


@pytest.fixture(autouse=True)
def webhook_settings(settings):
    settings.WEBHOOKS_ALLOW_HTTP = True
    settings.WEBHOOKS_TIMEOUT = 1
    settings.PETITIONS_RATE_LIMIT = "off"
    return settings


@pytest.fixture
def endpoint(receiver, db):
    """An active endpoint at the receiver, subscribed to every event."""
    endpoint = WebhookEndpoint.objects.create(url=receiver.url, events=ALL_EVENTS)
    receiver.secret = endpoint.secret
    return endpoint


@pytest.fixture
def petition(db):
    return Petition.objects.create(
        title="Keep the unit open", target="The Commissioner", ask="Keep it open.", goal=100, postcode_field="optional"
    )


@pytest.fixture
def make_signature(petition):
    """A pending signature, as signing leaves it before its confirmation link is followed."""

    def make(email="ada@example.org", consent=False, **fields):
        fields.setdefault("petition", petition)
        return Signature.objects.create(
            name="Ada Lovelace",
            email=email,
            normalised_email=email,
            postcode="SW1A 1AA",
            consent=consent,
            status=SignatureStatus.PENDING,
            language="en",
            **fields,
        )

    return make


def deliveries(**filters):
    return WebhookDelivery.objects.filter(**filters).order_by("pk")


def make_due():
    """Pretend the retry delays have passed."""
    WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING).update(next_attempt_at=timezone.now())


def deliver_due():
    """The recovery command, as cron runs it."""
    call_command("webhooks", "deliver")
