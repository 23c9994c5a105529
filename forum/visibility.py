"""Who may see a forum topic, post or moderation log entry: the one rule.

Every door that shows forum content (machina's pages and our overrides of
them, attachment downloads, emails, site search, the moderation log) asks
here, so the rule cannot drift between copies:

- a reader sees a forum's content only when machina lets them read the forum
  (members-only forums: approved members, moderators and administrators; see
  ``forum.structure``);
- a *held* (unapproved) topic or post is seen only by its author and by those
  who may approve posts in its forum (its moderators); a held topic's replies
  and subject go with it.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from machina.apps.forum_permission.handler import PermissionHandler
from machina.core.db.models import get_model

Forum = get_model("forum", "Forum")
Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")

User = AbstractBaseUser | AnonymousUser


def _handler(handler: PermissionHandler | None) -> PermissionHandler:
    return handler if handler is not None else PermissionHandler()


def readable_forum_ids(user: User, handler: PermissionHandler | None = None) -> set:
    """The ids of the forums ``user`` may read."""
    forums = _handler(handler).get_readable_forums(Forum.objects.all(), user)
    return set(forums.values_list("pk", flat=True))


def moderated_forum_ids(user: User, handler: PermissionHandler | None = None) -> set:
    """The ids of the forums whose held posts ``user`` may see and approve."""
    if not user.is_authenticated:
        return set()
    return {f.pk for f in _handler(handler).get_moderation_queue_forums(user)}


def visible_topics(
    user: User,
    queryset: QuerySet | None = None,
    handler: PermissionHandler | None = None,
) -> QuerySet:
    """The topics of ``queryset`` (default: all) that ``user`` may see."""
    queryset = Topic.objects.all() if queryset is None else queryset
    shown = Q(approved=True) | Q(forum__in=moderated_forum_ids(user, handler))
    if user.is_authenticated:
        shown |= Q(poster=user)
    return queryset.filter(shown, forum__in=readable_forum_ids(user, handler))


def visible_posts(
    user: User,
    queryset: QuerySet | None = None,
    handler: PermissionHandler | None = None,
) -> QuerySet:
    """The posts of ``queryset`` (default: all) that ``user`` may see."""
    queryset = Post.objects.all() if queryset is None else queryset
    moderated = moderated_forum_ids(user, handler)
    post_shown = Q(approved=True) | Q(topic__forum__in=moderated)
    topic_shown = Q(topic__approved=True) | Q(topic__forum__in=moderated)
    if user.is_authenticated:
        post_shown |= Q(poster=user)
        topic_shown |= Q(topic__poster=user)
    return queryset.filter(
        post_shown, topic_shown, topic__forum__in=readable_forum_ids(user, handler)
    )


def _may_see(approved: bool, poster_id, forum, user, handler) -> bool:
    if approved:
        return True
    if user.is_authenticated and poster_id == user.pk:
        return True
    return user.is_authenticated and handler.can_approve_posts(forum, user)


def can_see_topic(topic, user: User, handler: PermissionHandler | None = None) -> bool:
    """True when ``user`` may see ``topic`` (its subject and its approved posts)."""
    handler = _handler(handler)
    if not handler.can_read_forum(topic.forum, user):
        return False
    return _may_see(topic.approved, topic.poster_id, topic.forum, user, handler)


def can_see_post(post, user: User, handler: PermissionHandler | None = None) -> bool:
    """True when ``user`` may see ``post``: its topic, and the post itself."""
    handler = _handler(handler)
    if not can_see_topic(post.topic, user, handler):
        return False
    return _may_see(post.approved, post.poster_id, post.topic.forum, user, handler)


def is_public_post(post) -> bool:
    """True when anyone at all, a visitor included, may see ``post``."""
    return can_see_post(post, AnonymousUser())


def visible_log_entries(
    user: User, queryset: QuerySet, handler: PermissionHandler | None = None
) -> QuerySet:
    """The moderation log entries ``user`` may read.

    Site-wide moderators and administrators read the whole log; a
    forum-scoped moderator reads only entries about topics and posts in the
    forums they moderate (entries about other forums, deleted content or
    site-wide actions name things they may not see). Everyone else: nothing.
    """
    from ehch import roles

    if user.is_authenticated and (user.is_superuser or roles.is_moderator(user)):
        return queryset
    forums = moderated_forum_ids(user, handler)
    if not forums:
        return queryset.none()
    return queryset.filter(
        Q(topic_id__in=Topic.objects.filter(forum__in=forums).values("pk"))
        | Q(post_id__in=Post.objects.filter(topic__forum__in=forums).values("pk"))
    )


def searchable_posts() -> QuerySet:
    """Posts site search may hold: approved, in approved topics (no held ones)."""
    return Post.objects.filter(approved=True, topic__approved=True)


def public_forum_ids(handler: PermissionHandler | None = None) -> set:
    """The ids of the forums visitors (and pending accounts) may read.

    ``handler`` may be any request's (it caches per user, a visitor apart).
    """
    return readable_forum_ids(AnonymousUser(), handler)


def search_audience(post, public_ids: set | None = None) -> str | None:
    """Who may find ``post`` in site search: "public", "members" or None.

    "members" means approved members (and moderators and administrators), the
    readers of members-only forums; None means nobody: the post is held, or
    its topic is.

    Args:
        post: the post.
        public_ids: :func:`public_forum_ids`, when the caller already has it.
    """
    if not (post.approved and post.topic.approved):
        return None
    public_ids = public_forum_ids() if public_ids is None else public_ids
    return "public" if post.topic.forum_id in public_ids else "members"


PENDING_NOTICE = (
    "Your membership is waiting for approval. Until it is approved you can "
    "read the public forums only, as visitors can. Members-only forums open "
    "once a moderator approves your membership."
)
REJECTED_NOTICE = (
    "Your membership was not approved, so you can read the public forums only, "
    "as visitors can. Members-only forums are for approved members."
)


def reading_notice_for(user: User) -> str:
    """The reason a signed-in account reads only public forums, or "".

    Pending and rejected accounts read exactly what visitors read; they are
    told why. Approved members, and accounts without a membership decision
    (staff), get no notice.
    """
    if not user.is_authenticated:
        return ""
    try:
        status = getattr(user, "member_profile", None)
    except Exception:  # noqa: BLE001 - a missing related row raises DoesNotExist
        return ""
    status = getattr(status, "status", "")
    if status == "pending":
        return PENDING_NOTICE
    if status == "rejected":
        return REJECTED_NOTICE
    return ""
