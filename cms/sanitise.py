"""The one place where HTML from editors or imports is cleaned to an allowlist.

Wagtail's rich text editor only produces the features we enable, but rich text
can also arrive by other routes: the demo loader, imports, the API, or a
hand-crafted admin POST. Every rich text value the site renders passes through
``clean_rich_text`` (see ``cms.blocks.SafeRichTextBlock``), so a ``<script>``,
an ``onclick=`` or a ``javascript:`` link never reaches a reader's browser.
"""

from __future__ import annotations

import re

import bleach

# Tags the design styles. Wagtail's stored rich text also uses <a linktype=…
# id=…> for links to pages and documents, which it expands when rendering.
ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "p",
        "br",
        "h2",
        "h3",
        "h4",
        "b",
        "strong",
        "i",
        "em",
        "ul",
        "ol",
        "li",
        "a",
    }
)
ALLOWED_ATTRIBUTES: dict[str, list[str]] = {
    "a": ["href", "linktype", "id", "title"],
}
# No javascript:, data: or vbscript: links; bleach drops any other scheme.
ALLOWED_PROTOCOLS: frozenset[str] = frozenset({"http", "https", "mailto", "tel"})


def clean_html(html: str) -> str:
    """Return ``html`` with every tag, attribute and URL scheme not allowed removed.

    Disallowed tags are stripped (their text stays, escaped); ``<script>`` and
    ``<style>`` lose their content too, so no code survives as visible text.

    Args:
        html: Untrusted HTML.

    Returns:
        HTML containing only the allowlisted markup.
    """
    if not html:
        return ""
    cleaner = bleach.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )
    return cleaner.clean(_drop_script_and_style(html))


def _drop_script_and_style(html: str) -> str:
    """Remove <script> and <style> elements with their content."""
    return re.sub(
        r"<(script|style)\b[^>]*>.*?(</\1\s*>|$)",
        "",
        html,
        flags=re.IGNORECASE | re.DOTALL,
    )


def clean_rich_text(html: str) -> str:
    """Clean a rich text value in Wagtail's stored format (alias of ``clean_html``).

    Args:
        html: A rich text source string, possibly from an import.

    Returns:
        The cleaned source, still in Wagtail's stored format.
    """
    return clean_html(html)


def is_blank_rich_text(html: str) -> bool:
    """True when ``html`` shows a reader nothing: no text, only empty elements.

    ``<p></p>``, ``<p><br/></p>`` and ``<p>&nbsp;</p>`` are blank; allowed
    tags never carry content without text (no images in rich text here).
    """
    text = bleach.clean(html or "", tags=set(), strip=True)
    return not text.replace("&nbsp;", " ").replace("\xa0", " ").strip()
