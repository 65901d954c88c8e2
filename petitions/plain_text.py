"""The text alternative of an HTML e-mail: rendered rich text as plain text, with paragraphs apart, list items on
lines of their own and each link followed by its address."""

import re
from html.parser import HTMLParser

PARAGRAPHS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "div"}
SPACES = re.compile(r"\s+")


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag in PARAGRAPHS:
            self.parts.append("\n\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "a":
            self.links.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag):
        if tag in PARAGRAPHS:
            self.parts.append("\n\n")
        elif tag == "a" and self.links and (href := self.links.pop()):
            self.parts.append(f" ({href})")

    def handle_data(self, data):
        self.parts.append(SPACES.sub(" ", data))

    def text(self):
        lines = (line.strip() for line in "".join(self.parts).split("\n"))
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_to_text(html):
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return collector.text()
