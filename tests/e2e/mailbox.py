"""What the server sent: Django's file e-mail backend writes the messages of each connection to a file in one folder.

E-mail goes out through django-tasks' immediate backend on this server, so a message is on disk by the time the
response to the request that sent it has arrived.
"""

import email
import re
from email import policy
from pathlib import Path

# The file backend ends every message with a line of 79 dashes.
MESSAGE_END = b"\n" + b"-" * 79 + b"\n"


class Mailbox:
    def __init__(self, folder):
        self.folder = Path(folder)

    def messages(self):
        """Every message sent so far, oldest first."""
        paths = sorted(self.folder.glob("*.log"), key=lambda path: (path.stat().st_mtime_ns, path.name))
        for path in paths:
            for raw in path.read_bytes().split(MESSAGE_END):
                if raw.strip():
                    yield email.message_from_bytes(raw, policy=policy.default)

    def last_to(self, address):
        """The newest message to `address`; fails the test when there is none."""
        received = [message for message in self.messages() if address in message["To"]]
        assert received, f"No e-mail to {address} in {self.folder}"
        return received[-1]


def subject_of(message):
    # A long subject is folded onto the next line, and unfolding keeps the fold's space in front.
    return message["Subject"].strip()


def text_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def link_in(message, path):
    """The first absolute URL in the message's text whose path starts with `path`."""
    match = re.search(rf"https?://[^/\s]+{re.escape(path)}\S*", text_of(message))
    assert match, f"No link to {path} in:\n{text_of(message)}"
    return match.group(0)
