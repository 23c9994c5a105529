"""Who hears about a new post, and the emails they get.

Quiet by default (Discourse's most common complaint is overload): a member is
emailed only about topics and forums they chose to follow, and when someone
@mentions them. Each person gets at most one email per post, never about their
own post, and only about posts they may see (``forum.visibility``: members-only
forums for approved members, nothing held). Every email carries a signed
one-click unsubscribe link that works without signing in.
"""

from __future__ import annotations

import logging
import re
import smtplib

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from machina.apps.forum_permission.handler import PermissionHandler
from machina.core.db.models import get_model

from cms.site_address import absolute_url
from ehch.emails import send_email

from .digests import claim_digest, digest_period, unclaimed_if_unsent
from .models import ForumSubscription, MentionOptOut
from .visibility import can_see_post, visible_topics

Forum = get_model("forum", "Forum")
Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "community_forum.unsubscribe"
# What a token can stop: one topic, one forum, every daily digest, or emails
# about mentions (for people mentioned in topics they do not follow).
UNSUBSCRIBE_KINDS = {"topic", "forum", "digest", "mentions"}
MENTION = re.compile(r"(?<![\w@])@([\w.+-]{2,150})")
# Members are shown by name, never by username (issue 14), so a mention names
# the person as shown: @[Priya Shah]. Usernames still work for old posts.
NAME_MENTION = re.compile(r"(?<![\w@])@\[([^\[\]\n]{2,120})\]")
# A post naming more people than this by shown name notifies none beyond it.
MAX_NAME_MENTIONS = 10


def site_url(path: str) -> str:
    """An absolute address on this site, for emails (``SITE_URL`` decides)."""
    return absolute_url(path)


def unsubscribe_token(user_id: int, kind: str, object_id: int) -> str:
    """A signed token naming one subscription; it never expires."""
    return signing.dumps(
        {"u": user_id, "k": kind, "o": object_id}, salt=UNSUBSCRIBE_SALT
    )


def read_unsubscribe_token(token: str) -> dict | None:
    """The subscription a token names, or None when it was tampered with."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") not in UNSUBSCRIBE_KINDS:
        return None
    return data


def unsubscribe(data: dict) -> str | None:
    """Remove the subscription named by a token's data; return what it was for."""
    User = get_user_model()
    user = User.objects.filter(pk=data["u"]).first()
    if user is None:
        return None
    if data["k"] == "topic":
        topic = Topic.objects.filter(pk=data["o"]).first()
        if topic is None:
            return None
        topic.subscribers.remove(user)
        return f"the topic “{topic.subject}”"
    if data["k"] == "digest":
        ForumSubscription.objects.filter(user=user, daily_digest=True).delete()
        return "the daily digest"
    if data["k"] == "mentions":
        MentionOptOut.objects.get_or_create(user=user)
        return "emails when someone mentions you"
    forum = Forum.objects.filter(pk=data["o"]).first()
    if forum is None:
        return None
    ForumSubscription.objects.filter(user=user, forum=forum).delete()
    return f"the forum “{forum.name}”"


def mentioned_usernames(text: str) -> set[str]:
    """The usernames @mentioned in ``text``."""
    return {name.rstrip(".") for name in MENTION.findall(text or "")}


def mentioned_names(text: str) -> list[str]:
    """The shown names mentioned as ``@[Name]`` in ``text``, first ones first."""
    names: list[str] = []
    for name in NAME_MENTION.findall(text or ""):
        name = " ".join(name.split())
        if name and name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    return names[:MAX_NAME_MENTIONS]


def _users_named(names: list[str]):
    """Active accounts whose shown name is one of ``names`` (any case)."""
    from django.db.models import Q

    from ehch.accounts.models import MemberProfile

    match = Q()
    for name in names:
        match |= Q(display_name__iexact=name)
    profiles = MemberProfile.objects.filter(match, user__is_active=True)
    return get_user_model().objects.filter(member_profile__in=profiles)


def _opted_out_of_mentions(users) -> set[int]:
    """Ids of ``users`` who used a mention email's unsubscribe link.

    One query for the whole list, however many people a post mentions.
    """
    ids = {user.pk for user in users}
    if not ids:
        return set()
    return set(
        MentionOptOut.objects.filter(user_id__in=ids).values_list("user_id", flat=True)
    )


def recipients_for(post) -> dict[AbstractBaseUser, tuple[str, str]]:
    """Everyone to email about ``post``: user -> (why, subscription kind).

    A mention wins over a subscription so the email says why it was sent;
    either way each person appears once.
    """
    topic = post.topic
    found: dict[AbstractBaseUser, tuple[str, str]] = {}
    for user in topic.subscribers.filter(is_active=True):
        found[user] = ("topic", "topic")
    for sub in ForumSubscription.objects.filter(
        forum_id=topic.forum_id, daily_digest=False, user__is_active=True
    ).select_related("user"):
        found.setdefault(sub.user, ("forum", "forum"))
    text = post.content.raw if post.content else ""
    mentioned = []
    names = mentioned_usernames(text)
    if names:
        User = get_user_model()
        lookup = {f"{User.USERNAME_FIELD}__in": names, "is_active": True}
        mentioned.extend(User.objects.filter(**lookup))
    shown_names = mentioned_names(text)
    if shown_names:
        mentioned.extend(_users_named(shown_names))
    opted_out = _opted_out_of_mentions(u for u in mentioned if u not in found)
    for user in mentioned:
        if user in found:
            found[user] = ("mention", found[user][1])
        elif user.pk not in opted_out:
            found[user] = ("mention", "mentions")
    found.pop(post.poster, None)
    handler = PermissionHandler()
    return {
        user: why
        for user, why in found.items()
        if user.email and can_see_post(post, user, handler)
    }


def topic_path(topic) -> str:
    """The path of a topic's page."""
    return reverse(
        "forum_conversation:topic",
        kwargs={
            "forum_slug": topic.forum.slug,
            "forum_pk": topic.forum_id,
            "slug": topic.slug,
            "pk": topic.pk,
        },
    )


def _post_url(post) -> str:
    return site_url(f"{topic_path(post.topic)}?post={post.pk}#{post.pk}")


def unsubscribe_url(user_id: int, kind: str, object_id: int = 0) -> str:
    """The absolute one-click address that stops one kind of forum email."""
    token = unsubscribe_token(user_id, kind, object_id)
    return site_url(reverse("community_forum:unsubscribe", kwargs={"token": token}))


def notify_new_post(post) -> int:
    """Email everyone who follows or is mentioned in ``post``; return how many."""
    if not post.approved:
        return 0
    sent = 0
    for user, (why, kind) in recipients_for(post).items():
        object_id = {"topic": post.topic_id, "forum": post.topic.forum_id}.get(kind, 0)
        if why == "mention":
            subject = f"You were mentioned in “{post.topic.subject}”"
        else:
            subject = f"New post in “{post.topic.subject}”"
        context = {
            "user": user,
            "post": post,
            "why": why,
            "following": kind != "mentions",
            "post_url": _post_url(post),
            "excerpt": (post.content.raw or "")[:600],
        }
        send_email(
            subject,
            "community_forum/email/new_post",
            context,
            [user.email],
            unsubscribe_url=unsubscribe_url(user.pk, kind, object_id),
        )
        sent += 1
    return sent


def send_daily_digests(now=None) -> int:
    """Email each digest subscriber the day's new topics, once; return how many."""
    since, until = digest_period(now or timezone.now())
    handler = PermissionHandler()
    per_user: dict = {}
    subscriptions = ForumSubscription.objects.filter(
        daily_digest=True, user__is_active=True
    ).select_related("user", "forum")
    for sub in subscriptions:
        if not sub.user.email:
            continue
        published = Topic.objects.filter(
            forum=sub.forum, approved=True, created__gte=since, created__lt=until
        )
        topics = list(visible_topics(sub.user, published, handler).order_by("created"))
        if topics:
            per_user.setdefault(sub.user, []).append((sub, topics))
    sent = 0
    for user, sections in per_user.items():
        if not claim_digest(user, until):
            continue  # this day's digest went already (another run)
        context = {
            "user": user,
            "sections": [
                {
                    "forum": sub.forum,
                    "topics": [(t, site_url(topic_path(t))) for t in topics],
                    "unsubscribe_url": unsubscribe_url(user.pk, "forum", sub.forum_id),
                }
                for sub, topics in sections
            ],
        }
        with unclaimed_if_unsent(user, until):
            send_email(
                "New topics in the forums you follow",
                "community_forum/email/digest",
                context,
                [user.email],
                unsubscribe_url=unsubscribe_url(user.pk, "digest"),
            )
        sent += 1
    return sent


def _send_personal(address: str, subject: str, template: str, context: dict) -> bool:
    """Send one email to one address; True only when it was handed to the mailer.

    A failure is logged and reported back (False) so the moderator is told
    the truth instead of a claim that the email went.
    """
    if not address:
        return False
    try:
        send_email(subject, f"community_forum/email/{template}", context, [address])
    except (OSError, smtplib.SMTPException):
        logger.exception("Could not send %r to a forum member", subject)
        return False
    return True


def email_moderation_outcome(
    author,
    *,
    kind: str,
    approved: bool,
    subject: str,
    content: str,
    topic,
    reason: str = "",
) -> bool:
    """Tell the author a moderator approved or disapproved their held post or edit.

    Args:
        author: the member who wrote it (None for a visitor: nobody to tell).
        kind: "post" or "edit".
        approved: the decision.
        subject: the post's (or the edit's) subject.
        content: the text, included when disapproved so the author can copy it.
        topic: the topic (None when disapproving removed it).
        reason: the moderator's reason (required when disapproving).

    Returns:
        True when the email was sent.
    """
    if author is None or not author.is_active:
        return False
    decision = "approved" if approved else "not approved"
    return _send_personal(
        author.email,
        f"Your forum {kind} was {decision}",
        "moderation_outcome",
        {
            "user": author,
            "kind": kind,
            "approved": approved,
            "subject": subject,
            "content": content,
            "reason": reason,
            "topic_url": site_url(topic_path(topic)) if topic is not None else "",
        },
    )


def email_report_outcome(report) -> bool:
    """Tell whoever sent a report what the moderator decided; True when sent."""
    address = report.reporter.email if report.reporter else report.reporter_email
    if report.reporter is not None and not report.reporter.is_active:
        return False
    return _send_personal(
        address,
        "A moderator has dealt with your report",
        "report_outcome",
        {"report": report},
    )


def email_member_warning(member, message: str, excerpt: str) -> bool:
    """Send a moderator's warning to a member about one of their posts."""
    if member is None or not member.is_active:
        return False
    return _send_personal(
        member.email,
        "A warning from the forum moderators",
        "member_warning",
        {"user": member, "message": message, "excerpt": excerpt},
    )


def emailed_message(done: str, emailed: bool) -> str:
    """A moderator's confirmation that says whether the author was emailed."""
    if emailed:
        return f"{done} We emailed the author."
    return (
        f"{done} We could not email the author "
        "(a visitor, or no working email address)."
    )
