"""Post rendering: Markdown to HTML, then bleach to an allowlist.

machina's default (markdown2 in "safe mode") lets published cross-site
scripting payloads through, so MACHINA_MARKUP_LANGUAGE points here instead.
Raw HTML in the source is escaped by the cleaner, never passed through:
only the tags below survive, with no event handlers, no style attribute and
only http(s)/mailto links.
"""

from __future__ import annotations

from functools import partial

import bleach
import markdown
from bleach.linkifier import LinkifyFilter

ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "blockquote",
        "br",
        "code",
        "del",
        "em",
        "h2",
        "h3",
        "h4",
        "hr",
        "li",
        "ol",
        "p",
        "pre",
        "strong",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"], "abbr": ["title"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"


def _set_rel(attrs: dict, new: bool = False) -> dict:
    """Give every link the rel telling search engines and browsers not to trust it."""
    attrs[(None, "rel")] = LINK_REL
    return attrs


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    # As a filter inside the cleaner (not a second pass) so code blocks are not
    # escaped twice; it also turns bare web addresses into links.
    filters=[partial(LinkifyFilter, callbacks=[_set_rel], skip_tags={"pre", "code"})],
)
_markdown = partial(
    markdown.markdown,
    extensions=["extra", "sane_lists", "nl2br"],
    output_format="html",
)


def clean_html(html: str) -> str:
    """Reduce ``html`` to the allowlist and set rel on every link."""
    return _cleaner.clean(html)


def render_markdown(text: str | None, **kwargs) -> str:
    """Render Markdown ``text`` to safe HTML (the MACHINA_MARKUP_LANGUAGE hook)."""
    if not text:
        return ""
    return clean_html(_markdown(text)).strip()
