"""PetitionBlock: puts a petition, chosen from those managed in the admin, on a page."""

import copy

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from petitions.chooser import petition_chooser_viewset
from petitions.forms import SIGN_BUTTON_LABEL
from petitions.models import Petition
from petitions.serializers import PetitionSerializer

ChooserBlock = petition_chooser_viewset.get_block_class(name="ChooserBlock", module_path="blocks.petition")


class PetitionChooserBlock(ChooserBlock):
    def bulk_to_python(self, values):
        """The chosen petitions, in order: published ones from the petition cache (Petition.objects.get_published),
        the others (drafts, in the page editor) from the database. Every view of a page loads its petitions, and the
        cache spares each view a query."""
        published = {pk: Petition.objects.get_published(pk) for pk in set(values) if pk is not None}
        from_database = iter(super().bulk_to_python([pk for pk in values if published.get(pk) is None]))
        petitions, seen = [], set()
        for pk in values:
            petition = published.get(pk)
            if petition is None:
                petitions.append(next(from_database))
            else:
                # Each occurrence gets an instance of its own, as the parent gives.
                petitions.append(copy.copy(petition) if pk in seen else petition)
                seen.add(pk)
        return petitions


class PetitionBlock(blocks.StructBlock):
    """A petition with its count, progress and signing form; headings and labels can be overridden per page."""

    petition = PetitionChooserBlock(label=_("Petition"))
    heading = blocks.CharBlock(
        required=False, max_length=200, label=_("Heading"), help_text=_("Leave empty to use the petition's title.")
    )
    intro = blocks.TextBlock(
        required=False, label=_("Intro"), help_text=_("A sentence or two above the petition, for this page.")
    )
    button_label = blocks.CharBlock(
        required=False,
        max_length=60,
        label=_("Button label"),
        help_text=format_lazy(_('Leave empty for "{label}".'), label=SIGN_BUTTON_LABEL),
    )
    show_progress = blocks.BooleanBlock(
        required=False, default=True, label=_("Show progress"), help_text=_("Show a progress bar toward the goal.")
    )

    def get_api_representation(self, value, context=None):
        """The block with its petition in the active language (the count is the same in every language); a petition
        since deleted or unpublished gives `"petition": null` and `"available": false`, so that a frontend can leave
        it out or say so."""
        petition = value.get("petition")
        available = petition is not None and petition.is_published
        if available:
            petition = petition.in_language()
        return {
            "petition": (
                PetitionSerializer(petition, context={"request": (context or {}).get("request")}).data
                if available
                else None
            ),
            "available": available,
            "heading": value["heading"] or (petition.title if available else ""),
            "intro": value["intro"],
            # Text now, in the language active for the block (a lazy string would be rendered later, in another).
            "button_label": value["button_label"] or str(SIGN_BUTTON_LABEL),
            "show_progress": value["show_progress"],
        }

    class Meta:
        icon = "doc-full-inverse"
        template = "blocks/petition_block.html"
        description = _("A petition with its signing form")
