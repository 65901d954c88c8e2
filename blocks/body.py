"""The StreamBlock a CampaignPage body is built from. Block names are part of the API contract."""

from wagtail import blocks

from .content import CallToActionBlock, EmbedBlock, HeadingBlock, ImageBlock, ParagraphBlock, QuoteBlock


class CampaignBodyBlock(blocks.StreamBlock):
    """Everything an editor can put in the body of a campaign page."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    embed = EmbedBlock()
    call_to_action = CallToActionBlock()
