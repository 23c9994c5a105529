"""Blocks used by the theme synthesis page."""

from wagtail import blocks

from cms.blocks import PageLinkBlock


class RelatedPageBlock(blocks.StructBlock):
    """A guidance page or case study that addresses the theme."""

    page = PageLinkBlock(
        help_text="A guidance page or a case study that addresses this theme."
    )
    note = blocks.CharBlock(
        required=False,
        max_length=200,
        help_text="Optional: one line on what it does about the theme.",
    )

    class Meta:
        icon = "link"
        template = "voices/blocks/related_page.html"


class RelatedPagesBlock(blocks.StreamBlock):
    """The guidance and case studies a synthesis links to."""

    related_page = RelatedPageBlock()
