"""The StreamField block library shared by the site's page types."""

from wagtail import blocks

# Only what the design styles; no raw HTML, no images inside rich text.
RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.StructBlock):
    """A section heading; levels 2 and 3 keep the page outline sound."""

    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Level 2"), ("h3", "Level 3")], default="h2"
    )

    class Meta:
        icon = "title"
        template = "cms/blocks/heading.html"


class CalloutBlock(blocks.StructBlock):
    """A highlighted box: information, a warning or an example of good practice."""

    kind = blocks.ChoiceBlock(
        choices=[
            ("information", "Information"),
            ("warning", "Warning"),
            ("good-practice", "Good practice"),
        ],
        default="information",
    )
    heading = blocks.CharBlock(max_length=120, required=False)
    body = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        template = "cms/blocks/callout.html"


class BaseStreamBlock(blocks.StreamBlock):
    """Blocks every content page may use."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, icon="pilcrow")
    callout = CalloutBlock()
