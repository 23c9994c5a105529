"""The StreamField block library shared by the site's page types.

Every rich text value goes through ``SafeRichTextBlock``, which cleans its HTML
with ``cms.sanitise`` whenever it is read or saved, so content that did not come
through the editor (imports, the demo loader, hand-made admin posts) is safe too.
There is deliberately no raw-HTML or embed block: nothing here renders markup
that an editor typed as HTML.
"""

from __future__ import annotations

import copy

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.rich_text import RichText

from cms.sanitise import clean_rich_text, is_blank_rich_text
from cms.visibility import restricted

EMPTY_BLOCK_MESSAGE = "This is empty. Write something in it, or delete the block."
# Only what the design styles; no raw HTML, no images inside rich text.
RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]
# Inside boxes and lists: no headings, which would break the page outline.
INLINE_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]


class SafeRichTextBlock(blocks.RichTextBlock):
    """Rich text whose HTML is cleaned to the allowlist in ``cms.sanitise``."""

    def to_python(self, value):  # noqa: D102
        return RichText(clean_rich_text(value or ""))

    def get_prep_value(self, value):  # noqa: D102
        source = value.source if isinstance(value, RichText) else value
        return clean_rich_text(source or "")

    def normalize(self, value):  # noqa: D102
        source = value.source if isinstance(value, RichText) else value
        return RichText(clean_rich_text(str(source or "")))

    def value_from_form(self, value):  # noqa: D102
        return RichText(clean_rich_text(value or ""))

    def clean(self, value):
        """Refuse a required block with nothing visible in it (``<p></p>``).

        The editor sends an empty paragraph as markup, which passes Django's
        required check; an empty block would then be submitted and published.
        Saving a draft defers this, as Wagtail defers every required check.
        """
        value = super().clean(value)
        if self.field.required and is_blank_rich_text(value.source):
            raise ValidationError(EMPTY_BLOCK_MESSAGE)
        return value


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
    body = SafeRichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        template = "cms/blocks/callout.html"


class ChecklistBlock(blocks.StructBlock):
    """A list of things to do or check, shown with ticks (not form checkboxes)."""

    heading = blocks.CharBlock(max_length=120, required=False)
    items = blocks.ListBlock(blocks.CharBlock(max_length=300, label="Item"), min_num=1)

    class Meta:
        icon = "tick"
        template = "cms/blocks/checklist.html"


class QuoteBlock(blocks.StructBlock):
    """Something a person said, with who said it."""

    quote = blocks.TextBlock(max_length=1000)
    attribution = blocks.CharBlock(
        max_length=200,
        help_text="Who said it, for example ‘Care home manager, North of England’.",
    )

    class Meta:
        icon = "openquote"
        template = "cms/blocks/quote.html"


class KeyFactBlock(blocks.StructBlock):
    """One fact; the source is required, so no figure appears without one."""

    fact = blocks.CharBlock(max_length=200, help_text="A short statement or figure.")
    detail = blocks.CharBlock(max_length=300, required=False)
    source = blocks.CharBlock(max_length=200, help_text="Where this comes from.")


class KeyFactsBlock(blocks.StructBlock):
    """A small panel of key facts, each with its source."""

    heading = blocks.CharBlock(max_length=120, default="Key facts")
    facts = blocks.ListBlock(KeyFactBlock(), min_num=1, max_num=6)

    class Meta:
        icon = "list-ul"
        template = "cms/blocks/key_facts.html"


class DocumentDownloadBlock(blocks.StructBlock):
    """A link to download a document, with its type and size shown."""

    document = DocumentChooserBlock()
    title = blocks.CharBlock(
        max_length=200, required=False, help_text="Leave blank to use the file's title."
    )
    description = blocks.CharBlock(max_length=300, required=False)

    class Meta:
        icon = "doc-full"
        template = "cms/blocks/document_download.html"


class PageLinkBlock(blocks.PageChooserBlock):
    """A chosen page that knows, from the same query, whether everyone may see it.

    Each page it loads carries ``is_public`` (outside every private section, as
    ``cms.visibility`` decides); link templates show a page only when it is live
    and public, so a page made private after it was linked drops out of every
    body that links to it at once. A page loaded any other way has no
    ``is_public`` and is not shown.
    """

    def _pages(self):
        return self.model_class.objects.annotate(is_public=~restricted())

    def to_python(self, value):  # noqa: D102
        return None if value is None else self._pages().filter(pk=value).first()

    def bulk_to_python(self, values):  # noqa: D102
        pages = self._pages().in_bulk([pk for pk in values if pk is not None])
        # A page chosen twice gets its own copy each time, as Wagtail does.
        return [copy.copy(pages[pk]) if pk in pages else None for pk in values]

    def clean(self, value):  # noqa: D102
        # A page chosen in the editor (a preview, say) is loaded like the rest.
        page = super().clean(value)
        return page if page is None else self.to_python(page.pk)

    def deconstruct(self):  # noqa: D102
        # Stored exactly as Wagtail's page chooser: migrations keep its name, so
        # using this block changes no migration.
        _path, args, kwargs = super().deconstruct()
        return "wagtail.blocks.PageChooserBlock", args, kwargs


class CaseStudyLinksBlock(blocks.StructBlock):
    """Links to related case studies; unpublished or private ones are left out."""

    heading = blocks.CharBlock(max_length=120, default="Related case studies")
    case_studies = blocks.ListBlock(
        PageLinkBlock(page_type="casestudies.CaseStudyPage"), min_num=1
    )

    class Meta:
        icon = "doc-empty"
        template = "cms/blocks/case_study_links.html"


class ForumTopicURLBlock(blocks.CharBlock):
    """A path to a forum topic on this site, such as /forum/forum/…/topic/…/.

    Only site-relative paths under /forum/ are accepted: no other sites, no
    javascript: or data: links.
    """

    def clean(self, value):  # noqa: D102
        value = super().clean(value)
        if not value.startswith("/forum/") or "//" in value or "\\" in value:
            raise ValidationError(
                "Enter the address of a forum topic on this site, starting /forum/."
            )
        URLValidator()("https://example.org" + value)  # rejects spaces and the like
        return value


class ForumTopicLinkBlock(blocks.StructBlock):
    """A link to a discussion in the forum."""

    title = blocks.CharBlock(max_length=200, help_text="The topic's title.")
    path = ForumTopicURLBlock(
        max_length=300, help_text="Copy the topic's address from /forum/ onwards."
    )


class ForumTopicLinksBlock(blocks.StructBlock):
    """Links to forum discussions where readers can ask and share."""

    heading = blocks.CharBlock(max_length=120, default="Discuss this in the forum")
    topics = blocks.ListBlock(ForumTopicLinkBlock(), min_num=1)

    class Meta:
        icon = "group"
        template = "cms/blocks/forum_topic_links.html"


class AccordionItemBlock(blocks.StructBlock):
    """One question or section that readers can open."""

    heading = blocks.CharBlock(max_length=200)
    body = SafeRichTextBlock(features=INLINE_FEATURES)


class AccordionBlock(blocks.StructBlock):
    """Sections that open and close; <details> works without JavaScript."""

    items = blocks.ListBlock(AccordionItemBlock(), min_num=1)

    class Meta:
        icon = "collapse-down"
        template = "cms/blocks/accordion.html"


class TableBlock(TypedTableBlock):
    """A data table with a caption and column headings; cells are plain text."""

    text = blocks.CharBlock(max_length=300, required=False)
    number = blocks.DecimalBlock(required=False)

    class Meta:
        icon = "table"
        template = "cms/blocks/table.html"


class ContactDetailsBlock(blocks.StaticBlock):
    """The network's current contact details (Settings → Contact details)."""

    class Meta:
        icon = "mail"
        label = "Contact details"
        admin_text = (
            "Shows the phone number, postal address and email address kept "
            "in Settings → Contact details."
        )
        template = "cms/blocks/contact_details.html"


class BaseStreamBlock(blocks.StreamBlock):
    """Blocks every content page may use."""

    heading = HeadingBlock()
    paragraph = SafeRichTextBlock(features=RICH_TEXT_FEATURES, icon="pilcrow")
    callout = CalloutBlock()
    checklist = ChecklistBlock()
    quote = QuoteBlock()
    key_facts = KeyFactsBlock()
    document = DocumentDownloadBlock()
    case_studies = CaseStudyLinksBlock()
    forum_topics = ForumTopicLinksBlock()
    accordion = AccordionBlock()
    table = TableBlock()
    contact_details = ContactDetailsBlock()
