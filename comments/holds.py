"""Why a comment is held for moderation: stored with the comment (`Comment.held_because`) as a short code that no
language is written into, and worded only when shown, in the language of whoever reads it (the moderator's admin,
the moderators' e-mails).

Codes: "all" (every comment is held), "first" (first comment from the address), "links:<count>", and
"blocked:<term>".
"""

from django.utils.translation import gettext, ngettext

EVERY_COMMENT = "all"
FIRST_COMMENT = "first"
LINKS = "links"
BLOCKED_TERM = "blocked"


def too_many_links(count):
    return f"{LINKS}:{count}"


def blocked_term(term):
    return f"{BLOCKED_TERM}:{term}"


def describe(reason):
    """`reason`, a code above, in words in the active language; anything else (words stored before reasons were
    codes, which the migration that made them codes did not recognise) as it is."""
    kind, _, detail = reason.partition(":")
    if reason == EVERY_COMMENT:
        return gettext("Every comment is held for moderation.")
    if reason == FIRST_COMMENT:
        return gettext("First comment from this address.")
    if kind == LINKS and detail.isdigit():
        count = int(detail)
        return ngettext("Contains %(count)s link.", "Contains %(count)s links.", count) % {"count": count}
    if kind == BLOCKED_TERM and detail:
        return gettext("Contains the blocked word “%(term)s”.") % {"term": detail}
    return reason
