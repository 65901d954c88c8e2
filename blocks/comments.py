"""The comment-thread block: where a page's discussion appears, and how it behaves (open, depth, order, paging)."""

import re

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_lazy, ngettext
from wagtail import blocks

from comments.api import endpoint_url
from comments.context import discussion_context
from comments.discussion import NEWEST_FIRST, OLDEST_FIRST, Discussion, closed_reason
from comments.forms import captcha_for_clients
from comments.threads import approved_count

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
HEADING_PLACEHOLDERS = {"count", "title"}


def validate_heading(pattern):
    unknown = set(PLACEHOLDER.findall(pattern)) - HEADING_PLACEHOLDERS
    if unknown:
        raise ValidationError(
            # Translators: {count} and {title} are placeholders an editor types as they are: keep them untranslated.
            gettext("Use only {count} and {title} in the heading, not %(unknown)s."),
            params={"unknown": ", ".join(f"{{{name}}}" for name in sorted(unknown))},
        )


class CommentsBlock(blocks.StructBlock):
    """The page's threaded discussion: a heading with the count, the threads, and the comment form."""

    # The defaults stay English on purpose: a block that keeps them shows our wording, translated with the plural
    # forms of the visitor's language (see heading()); an editor's own wording is shown as written.
    heading_one = blocks.CharBlock(
        default="One thought on “{title}”",
        max_length=200,
        label=gettext_lazy("Heading for one comment"),
        # Translators: {title} is a placeholder: keep it untranslated.
        help_text=gettext_lazy("{title} is replaced by the page title."),
        validators=[validate_heading],
    )
    heading_many = blocks.CharBlock(
        default="{count} thoughts on “{title}”",
        max_length=200,
        label=gettext_lazy("Heading for no comments or several"),
        # Translators: {count} and {title} are placeholders: keep them untranslated.
        help_text=gettext_lazy("{count} is replaced by the number of comments and {title} by the page title."),
        validators=[validate_heading],
    )
    open = blocks.BooleanBlock(
        required=False,
        default=True,
        # Translators: the discussion is open for new comments.
        label=gettext_lazy("Open"),
        help_text=gettext_lazy("Untick to close the discussion; its comments stay visible."),
    )
    max_depth = blocks.IntegerBlock(
        default=5,
        min_value=1,
        max_value=10,
        label=gettext_lazy("Max depth"),
        help_text=gettext_lazy("How many levels of replies, counting top-level comments."),
    )
    order = blocks.ChoiceBlock(
        choices=[(OLDEST_FIRST, gettext_lazy("Oldest first")), (NEWEST_FIRST, gettext_lazy("Newest first"))],
        default=OLDEST_FIRST,
        label=gettext_lazy("Order of threads"),
        help_text=gettext_lazy("Replies within a thread are always oldest first."),
    )
    threads_per_page = blocks.IntegerBlock(
        default=50, min_value=1, max_value=200, label=gettext_lazy("Threads per page")
    )

    def get_discussion(self, value):
        """The settings the comments app applies to this page (see comments.discussion)."""
        return Discussion(
            open=bool(value["open"]),
            max_depth=value["max_depth"],
            order=value["order"],
            threads_per_page=value["threads_per_page"],
        )

    def heading(self, value, count, title):
        """The editor's wording for this count, or, while the block keeps the default wording, ours: translated with
        the language's plural forms, and saying "Comments on …" rather than "0 thoughts on …" when there are none."""
        name = "heading_one" if count == 1 else "heading_many"
        pattern = value[name]
        # Grouped as the active language groups digits ("1,000", "1 000").
        number = number_format(count, force_grouping=True)
        if pattern != self.child_blocks[name].meta.default:
            return pattern.replace("{count}", number).replace("{title}", title)
        if count == 0:
            return gettext("Comments on “%(title)s”") % {"title": title}
        text = ngettext("One thought on “%(title)s”", "%(count)s thoughts on “%(title)s”", count)
        return text % {"count": number, "title": title}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        request, page = context.get("request"), context.get("page")
        if request is not None and page is not None and page.pk is not None:
            context.update(discussion_context(request, page, self.get_discussion(value)))
            context["heading"] = self.heading(value, context["comment_count"], page.title)
        else:
            # A block preview, or a page not saved yet: there is no discussion to show.
            context["heading"] = self.heading(value, 0, page.title if page is not None else gettext("this page"))
        return context

    def get_api_representation(self, value, context=None):
        context = context or {}
        page = context.get("page")  # campaign_cms.serializers.BodyField puts it there
        discussion = self.get_discussion(value)
        count = approved_count(page) if page else 0
        url = endpoint_url(context["request"]) if "request" in context else None
        return {
            "heading": self.heading(value, count, page.title) if page else None,
            "count": count,
            "open": bool(page) and not closed_reason(page, discussion),
            "settings": {
                "max_depth": discussion.max_depth,
                "order": discussion.order,
                "threads_per_page": discussion.threads_per_page,
            },
            "list_url": f"{url}?page_id={page.pk}" if url and page else None,
            "post_url": url,
            "captcha": captcha_for_clients(),
        }

    class Meta:
        icon = "comment"
        template = "blocks/comments_block.html"
        description = gettext_lazy(
            "The page's discussion (one per page): comments and replies, with the form to post them"
        )
        preview_value = {"open": True, "max_depth": 5, "order": OLDEST_FIRST, "threads_per_page": 50}
