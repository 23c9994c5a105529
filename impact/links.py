"""Turn an address typed into a value story into the public thing it names.

Only what everyone may read can be linked from a published story: a live page
outside every private section, a topic in a forum visitors can read, or a
published we-tried-this report (``/case-studies/x/#tried-5``) on such a page.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.urls import Resolver404, resolve
from machina.core.db.models import get_model
from wagtail.models import Page, Site

from cms.visibility import public_q
from ehch.numbers import parse_id
from forum.visibility import can_see_topic

from .models import TriedReport

Topic = get_model("forum_conversation", "Topic")
_REPORT_FRAGMENT = re.compile(r"tried-(\d{1,12})", re.ASCII)


def resolve_public_link(address: str) -> tuple[str, object] | None:
    """("pages" | "topics" | "tried_reports", the object), or None."""
    parts = urlsplit(address)
    if parts.scheme and (
        parts.scheme not in ("http", "https") or not _is_this_site(parts.netloc)
    ):
        return None
    path = parts.path or "/"
    if not path.startswith("/"):
        return None
    if not path.endswith("/"):
        path += "/"  # copied without its last slash
    fragment = _REPORT_FRAGMENT.fullmatch(parts.fragment or "")
    if fragment:
        report = (
            TriedReport.objects.public().filter(pk=parse_id(fragment.group(1))).first()
        )
        return ("tried_reports", report) if report else None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.url_name == "topic" and match.namespace == "forum_conversation":
        topic = Topic.objects.filter(pk=parse_id(str(match.kwargs.get("pk")))).first()
        if topic and topic.approved and can_see_topic(topic, AnonymousUser()):
            return "topics", topic
        return None
    page = _public_page(path)
    return ("pages", page) if page else None


def _is_this_site(host: str) -> bool:
    """The site's own host, by SITE_URL or ALLOWED_HOSTS, with or without www."""
    host = host.lower().removeprefix("www.")
    own = {urlsplit(settings.SITE_URL).netloc.lower().removeprefix("www.")}
    own |= {
        name.lower().lstrip(".").removeprefix("www.")
        for name in settings.ALLOWED_HOSTS
        if name != "*"
    }
    return host in own or host.split(":")[0] in own


def _public_page(path: str) -> Page | None:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return None
    url_path = site.root_page.url_path + path.lstrip("/")
    if not url_path.endswith("/"):
        url_path += "/"
    return Page.objects.live().filter(public_q(), url_path=url_path).first()
