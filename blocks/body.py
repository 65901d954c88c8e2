"""The StreamBlock a CampaignPage body is built from. Block names are part of the API contract."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .comments import CommentsBlock
from .content import CallToActionBlock, EmbedBlock, HeadingBlock, ImageBlock, ParagraphBlock, QuoteBlock
from .petition import PetitionBlock


class CampaignBodyBlock(blocks.StreamBlock):
    """Everything an editor can put in the body of a campaign page."""

    # Labels as Wagtail would derive them from the names, spelled out so that they can be translated.
    heading = HeadingBlock(label=_("Heading"))
    paragraph = ParagraphBlock(label=_("Paragraph"))
    image = ImageBlock(label=_("Image"))
    quote = QuoteBlock(label=_("Quote"))
    embed = EmbedBlock(label=_("Embed"))
    call_to_action = CallToActionBlock(label=_("Call to action"))
    petition = PetitionBlock(label=_("Petition"))
    comments = CommentsBlock(label=_("Comments"))

    class Meta:
        # A page has one discussion: its comments belong to the page, not to a block.
        block_counts = {"comments": {"max_num": 1}}
