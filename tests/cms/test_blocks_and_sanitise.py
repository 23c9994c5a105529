"""The block library's rendering and the sanitising of every HTML entry point."""

import pytest
from wagtail.rich_text import RichText

from cms.blocks import (
    AccordionBlock,
    BaseStreamBlock,
    CalloutBlock,
    ChecklistBlock,
    DocumentDownloadBlock,
    ForumTopicLinksBlock,
    KeyFactsBlock,
    QuoteBlock,
    SafeRichTextBlock,
    TableBlock,
)
from cms.sanitise import clean_html

PAYLOADS = [
    '<p>Hello</p><script>alert("x")</script>',
    '<p onclick="alert(1)">Hello</p>',
    '<a href="javascript:alert(1)">Hello</a>',
    '<a href="JaVaScRiPt:alert(1)">Hello</a>',
    '<img src="x" onerror="alert(1)"><p>Hello</p>',
    '<p>Hello<svg onload="alert(1)"></svg></p>',
    '<iframe src="https://evil.example"></iframe><p>Hello</p>',
    '<p style="background:url(javascript:alert(1))">Hello</p>',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">Hello</a>',
]


def _assert_harmless(html: str) -> None:
    lowered = html.lower()
    for bad in [
        "<script",
        "onclick",
        "onerror",
        "onload",
        "javascript:",
        "<iframe",
        "<img",
        "<svg",
        "style=",
        "data:text",
    ]:
        assert bad not in lowered, (bad, html)
    assert "Hello" in html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_clean_html_removes_scripts_handlers_and_dangerous_urls(payload):
    _assert_harmless(clean_html(payload))


def test_clean_html_keeps_allowed_markup_and_wagtail_internal_links():
    html = (
        '<h2>Title</h2><p><b>bold</b> <i>it</i> <a href="https://example.org">x</a>'
        ' <a linktype="page" id="3">page</a></p><ul><li>one</li></ul>'
    )
    assert clean_html(html) == html


def test_script_content_does_not_survive_as_text():
    assert "alert" not in clean_html("<p>Hi</p><script>alert(1)</script>")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_rich_text_block_cleans_imported_html_when_read(payload):
    block = SafeRichTextBlock()
    value = block.to_python(payload)
    _assert_harmless(value.source)
    _assert_harmless(block.render(value))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_rich_text_block_cleans_html_before_it_is_stored(payload):
    block = SafeRichTextBlock()
    _assert_harmless(block.get_prep_value(RichText(payload)))
    _assert_harmless(block.value_from_form(payload).source)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_rich_text_in_a_stream_is_cleaned(payload):
    stream = BaseStreamBlock()
    raw = [
        {"type": "paragraph", "value": payload},
        {
            "type": "callout",
            "value": {"kind": "warning", "heading": "H", "body": payload},
        },
        {"type": "accordion", "value": {"items": [{"heading": "Q", "body": payload}]}},
    ]
    html = stream.render(stream.to_python(raw))
    assert "alert(1)" not in html.replace("&quot;", "")
    for bad in ["<script", "onclick", "onerror", "onload", "javascript:"]:
        assert bad not in html.lower()


def test_plain_text_blocks_escape_markup():
    html = QuoteBlock().render(
        QuoteBlock().to_python(
            {"quote": "<script>alert(1)</script>", "attribution": "<b>A</b>"}
        )
    )
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "&lt;b&gt;A&lt;/b&gt;" in html


def test_callout_renders_each_kind_with_its_label():
    block = CalloutBlock()
    for kind, marker in [
        ("information", "nhsuk-inset-text"),
        ("warning", "nhsuk-warning-callout"),
        ("good-practice", "ehch-good-practice"),
    ]:
        html = block.render(
            block.to_python({"kind": kind, "heading": "Note", "body": "<p>Text</p>"})
        )
        assert marker in html
        assert "<p>Text</p>" in html


def test_checklist_renders_a_tick_list():
    block = ChecklistBlock()
    html = block.render(block.to_python({"heading": "Do", "items": ["One", "Two"]}))
    assert "nhsuk-list--tick" in html
    assert "One" in html and "Two" in html


def test_quote_renders_with_its_attribution():
    block = QuoteBlock()
    html = block.render(
        block.to_python({"quote": "Good care.", "attribution": "A manager"})
    )
    assert "<blockquote" in html and "A manager" in html and "<figcaption" in html


def test_key_facts_always_show_their_source():
    block = KeyFactsBlock()
    html = block.render(
        block.to_python(
            {
                "heading": "Facts",
                "facts": [
                    {
                        "fact": "15 areas",
                        "detail": "",
                        "source": "The King's Fund, 2017",
                    }
                ],
            }
        )
    )
    assert "15 areas" in html
    assert "Source: The King&#x27;s Fund, 2017" in html


def test_accordion_uses_details_so_it_works_without_javascript():
    block = AccordionBlock()
    html = block.render(
        block.to_python({"items": [{"heading": "Why?", "body": "<p>Because.</p>"}]})
    )
    assert "<details" in html and "<summary" in html and "Because." in html


def test_table_renders_caption_headers_and_escaped_cells():
    block = TableBlock()
    value = block.to_python(
        {
            "caption": "Agreement",
            "columns": [
                {"type": "text", "heading": "Topic"},
                {"type": "number", "heading": "Count"},
            ],
            "rows": [{"values": ["<b>Visits</b>", "4"]}],
        }
    )
    html = block.render(value)
    assert "<caption" in html and "Agreement" in html
    assert 'scope="col">Topic' in html
    assert 'scope="row">&lt;b&gt;Visits&lt;/b&gt;' in html
    assert ">4<" in html


def test_forum_topic_links_accept_only_forum_paths_on_this_site():
    from django.core.exceptions import ValidationError

    block = ForumTopicLinksBlock()
    good = {
        "heading": "Discuss",
        "topics": [{"title": "T", "path": "/forum/forum/general-1/topic/t-2/"}],
    }
    block.clean(block.to_python(good))
    for bad in [
        "javascript:alert(1)",
        "https://evil.example/forum/",
        "//evil.example/forum/",
        "/forum/ x",
    ]:
        value = {"heading": "Discuss", "topics": [{"title": "T", "path": bad}]}
        with pytest.raises(ValidationError):
            block.clean(block.to_python(value))


@pytest.mark.django_db
def test_case_study_links_leave_out_unpublished_case_studies():
    from cms.blocks import CaseStudyLinksBlock
    from tests.casestudies.factories import CaseStudyFactory, build_site

    _home, index = build_site()
    live = CaseStudyFactory(parent=index, title="Live area")
    draft = CaseStudyFactory(parent=index, title="Draft area", live=False)
    type(draft).objects.filter(pk=draft.pk).update(live=False)
    block = CaseStudyLinksBlock()
    html = block.render(
        block.to_python({"heading": "Related", "case_studies": [live.pk, draft.pk]})
    )
    assert "Live area" in html
    assert "Draft area" not in html


@pytest.mark.django_db
def test_document_download_shows_type_and_size(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    doc = Document.objects.create(
        title="Template", file=ContentFile(b"x" * 2048, name="template.pdf")
    )
    block = DocumentDownloadBlock()
    html = block.render(
        block.to_python({"document": doc.pk, "title": "", "description": "A form"})
    )
    assert "Template" in html and "PDF" in html and "2.0" in html
    assert doc.url in html
