"""Reading the site's Atom feeds as a feed reader (and the W3C validator) would.

Shared by the pages' feed tests (tests/cms) and the forum's (tests/forum): each
feed must parse as Atom and carry what the validator asks for.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

ATOM = "{http://www.w3.org/2005/Atom}"
SITE = "https://network.example.org"
TAG = "tag:network.example.org,2026:"


def fetch_feed(client, path: str) -> ET.Element:
    """GET ``path`` (asking for ``localhost``) and parse it; it must be Atom on SITE."""
    response = client.get(path, HTTP_HOST="localhost")
    assert response.status_code == 200, path
    assert response["Content-Type"].startswith("application/atom+xml")
    text = response.content.decode()
    assert "localhost" not in text, path
    return ET.fromstring(text)  # noqa: S314 - our own feed, not untrusted input


def text_of(element: ET.Element, name: str) -> str:
    """The non-empty text of ``element``'s child ``name``."""
    found = element.find(ATOM + name)
    assert found is not None and (found.text or "").strip(), name
    return found.text


def check_valid(
    root: ET.Element, path: str, entry_id: str = r"page/\d+"
) -> list[ET.Element]:
    """Assert the W3C validator's rules for the feed at ``path``; its entries.

    Args:
        root: The parsed feed.
        path: Where it was fetched (its self link).
        entry_id: A pattern for each entry's id after the ``tag:`` prefix.
    """
    assert root.tag == ATOM + "feed"
    assert text_of(root, "id").startswith(TAG + "feed/")
    text_of(root, "updated")
    text_of(root, "title")
    assert text_of(root.find(ATOM + "author"), "name")
    links = {link.get("rel"): link.get("href") for link in root.findall(ATOM + "link")}
    assert links["self"] == SITE + path
    assert links["alternate"].startswith(SITE + "/")
    entries = root.findall(ATOM + "entry")
    for entry in entries:
        assert re.fullmatch(re.escape(TAG) + entry_id, text_of(entry, "id"))
        text_of(entry, "updated")
        text_of(entry, "title")
        text_of(entry, "summary")
        assert text_of(entry.find(ATOM + "author"), "name")
        link = entry.find(ATOM + "link")
        assert link.get("rel") == "alternate"
        assert link.get("href").startswith(SITE + "/")
    ids = [text_of(entry, "id") for entry in entries]
    assert len(ids) == len(set(ids)), path
    return entries


def entries_by_title(root: ET.Element) -> dict[str, ET.Element]:
    """The feed's entries by title."""
    return {text_of(e, "title"): e for e in root.findall(ATOM + "entry")}
