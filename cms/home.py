"""The home page's sections, each a small function returning what it shows.

Each returns a list, so an empty section renders its empty state instead of
failing. The forum and residents' statements come from other apps and are read
through the narrowest query or public function available.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Exists, OuterRef, Q

from ehch.pagecache import fragment

FEATURED_COUNT = 3
GUIDANCE_COUNT = 3
TOPIC_COUNT = 5
STATEMENT_COUNT = 3


def featured_case_studies(home, count: int = FEATURED_COUNT) -> list:
    """Editors' picks that are live, else the newest live case studies."""
    from casestudies.models import CaseStudyPage

    picked_ids = list(
        home.featured_case_studies.order_by("sort_order").values_list(
            "case_study_id", flat=True
        )
    )
    if picked_ids:
        pages = CaseStudyPage.objects.live().public().in_bulk(picked_ids)
        chosen = [pages[pk] for pk in picked_ids if pk in pages][:count]
        if chosen:
            return chosen
    return list(
        CaseStudyPage.objects.live()
        .public()
        .order_by("-first_published_at", "-pk")[:count]
    )


def latest_guidance(count: int = GUIDANCE_COUNT) -> list:
    """The most recently published guidance pages."""
    from cms.models import GuidancePage

    return list(GuidancePage.objects.published().newest_first()[:count])


def anonymously_readable_topics():
    """Approved topics in forums that a signed-out visitor may read, as one query.

    Mirrors machina's rule for anonymous readers: a per-forum ``can_read_forum``
    permission for anonymous users decides; without one, the global
    (forum-less) permission does. Ancestor forums are not checked: machina's
    own topic pages do not check them either.
    """
    from machina.apps.forum_conversation.models import Topic
    from machina.apps.forum_permission.models import UserForumPermission

    anonymous_read = UserForumPermission.objects.filter(
        anonymous_user=True, permission__codename="can_read_forum"
    )
    granted_here = anonymous_read.filter(forum=OuterRef("forum_id"), has_perm=True)
    decided_here = anonymous_read.filter(forum=OuterRef("forum_id"))
    granted_everywhere = anonymous_read.filter(forum__isnull=True, has_perm=True)
    return Topic.objects.filter(approved=True).filter(
        Q(Exists(granted_here)) | (~Exists(decided_here) & Exists(granted_everywhere))
    )


def active_forum_topics(count: int = TOPIC_COUNT) -> list:
    """The most recently active topics an anonymous visitor can read (one query)."""
    return list(
        anonymously_readable_topics()
        .select_related("forum")
        .order_by("-last_post_on", "-updated", "-pk")[:count]
    )


def newest_statements(count: int = STATEMENT_COUNT) -> list:
    """Newest published residents' statements, or [] while cms.voices is absent."""
    if not apps.is_installed("cms.voices"):
        return []
    from cms.voices.publication import published_statements

    return list(published_statements()[:count])


def home_sections(home) -> dict[str, list]:
    """Everything the home page shows besides its own fields.

    The same for every reader (the forum topics are those a signed-out visitor
    may read), so it is kept in the cache under the content version: signed-in
    members, whom the page cache never serves, and a page-cache miss reuse it
    until content changes (FRAGMENT_CACHE_SECONDS; 0 builds it every time).
    """
    return fragment(f"home-sections:{home.pk}", lambda: build_home_sections(home))


def build_home_sections(home) -> dict[str, list]:
    """The home page's sections, read from the database."""
    return {
        "featured_case_studies": featured_case_studies(home),
        "latest_guidance": latest_guidance(),
        "forum_topics": active_forum_topics(),
        "statements": newest_statements(),
    }
