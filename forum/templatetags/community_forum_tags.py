"""Template helpers for our forum templates and machina overrides."""

from __future__ import annotations

from django import template

from forum.visibility import reading_notice_for

register = template.Library()


@register.filter
def member_role(user) -> str:
    """The poster's role and leadership level, as they chose to show them.

    Returns "" when there is no user, when the members app (``user.member_profile``)
    is not installed, when the member has no profile, or when they hide both.
    Reads every attribute with ``getattr`` so a missing or changed profile model
    can never break a topic page.
    """
    if user is None:
        return ""
    try:
        profile = getattr(user, "member_profile", None)
    except Exception:  # noqa: BLE001 - a missing related row raises DoesNotExist
        return ""
    if profile is None:
        return ""
    parts = []
    for field in ("role", "leadership_level"):
        if not getattr(profile, f"show_{field}", True):
            continue
        display = getattr(profile, f"get_{field}_display", None)
        value = display() if callable(display) else getattr(profile, field, "")
        if value:
            parts.append(str(value))
    return " · ".join(parts)


@register.simple_tag
def topic_closure(topic) -> dict | None:
    """Why and since when ``topic`` takes no replies (see ``forum.posting``)."""
    from forum.posting import topic_closure as closure

    return closure(topic)


@register.inclusion_tag("community_forum/reading_notice.html", takes_context=True)
def reading_notice(context) -> dict:
    """Why a signed-in account whose membership is not approved reads so little."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"notice": reading_notice_for(user) if user is not None else ""}


@register.simple_tag(takes_context=True)
def forum_feed_url(context, forum, descendants: bool = True) -> str:
    """The path of ``forum``'s Atom feed, or "" when the forum is not public.

    Feeds hold public forums only (``forum/overrides/forum_feeds``) and a
    members-only forum's feed answers 404, so a member is offered no feed for
    one. The public forums come from ``public_forum_ids_for_links``.
    """
    from django.urls import reverse

    from forum.public import public_forum_ids_for_links

    request = context.get("request")
    handler = getattr(request, "forum_permission_handler", None)
    if forum is None or forum.pk not in public_forum_ids_for_links(handler):
        return ""
    name = (
        "forum_feeds:forum_latest_topics_with_descendants"
        if descendants
        else "forum_feeds:forum_latest_topics"
    )
    return reverse(name, args=[forum.slug, forum.pk])
