"""The StreamBlock a CampaignPage body is built from. Block names are part of the API contract."""

from wagtail import blocks

from .comments import CommentsBlock
from .content import CallToActionBlock, EmbedBlock, HeadingBlock, ImageBlock, ParagraphBlock, QuoteBlock
from .petition import PetitionBlock


class CampaignBodyBlock(blocks.StreamBlock):
    """Everything an editor can put in the body of a campaign page."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    embed = EmbedBlock()
    call_to_action = CallToActionBlock()
    petition = PetitionBlock()
    comments = CommentsBlock()

    class Meta:
        # A page has one discussion: its comments belong to the page, not to a block.
        block_counts = {"comments": {"max_num": 1}}
