"""`python -m bench.smtp_sink PORT OUTPUT`: an SMTP server on the loopback (aiosmtpd) that accepts every message and
counts the copies it receives per (Message-ID, recipient); on SIGTERM it writes them to OUTPUT as JSON
([[message id, recipient, copies], ...]) and exits. A process of its own, so the worker's sending is measured against a
server that does not share its CPU time with the harness."""

import asyncio
import email.parser
import json
import signal
import sys
from collections import Counter

from aiosmtpd.controller import Controller

HEADERS_ONLY = email.parser.BytesHeaderParser()


class CountingHandler:
    def __init__(self):
        self.copies = Counter()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        message_id = HEADERS_ONLY.parsebytes(envelope.content)["Message-ID"]
        for recipient in envelope.rcpt_tos:
            self.copies[message_id, recipient] += 1
        return "250 Message accepted for delivery"


def main(port, output):
    handler = CountingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=port, loop=asyncio.new_event_loop())
    controller.start()
    print("ready", flush=True)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()
    with open(output, "w") as file:
        json.dump([[message_id, recipient, copies] for (message_id, recipient), copies in handler.copies.items()], file)


if __name__ == "__main__":
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    main(int(sys.argv[1]), sys.argv[2])
