"""Reading what a visitor sees in the rendered page."""

import re


def comment_ids(html):
    """The ids of the comments a page shows, in document order."""
    return [int(pk) for pk in re.findall(r'<li class="comment[^"]*" id="comment-(\d+)"', html)]
