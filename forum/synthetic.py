"""Synthetic forum topics and posts for benchmarks: many, fast, marked, removable.

Saving a machina post one at a time renders its Markdown and updates the
topic's, the forum's and the poster's counters (about a dozen queries each),
which is far too slow for 100,000 posts. Here topics and posts are inserted
with ``bulk_create`` and the denormalised counters are fixed afterwards with a
few set-based updates. Every synthetic topic's subject starts with
``TOPIC_PREFIX`` and every poster's username with ``POSTER_PREFIX``, so
:func:`remove` can find them all again.
"""

from __future__ import annotations

import html
import random
from collections.abc import Callable, Iterator

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.text import slugify
from machina.core.db.models import get_model

from ehch import roles
from ehch.pagecache import content_changed
from search.api import index_now
from search.indexing import mark_removed, try_sync

from .structure import TREE

Forum = get_model("forum", "Forum")
ForumProfile = get_model("forum_member", "ForumProfile")
Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")

TOPIC_PREFIX = "Synthetic topic"
POSTER_PREFIX = "synthetic.poster-"
POSTERS = 40
BATCH = 5000  # posts per insert and per indexing batch
NOTE = "Synthetic benchmark post, not a real conversation."

WORDS = [
    "care",
    "home",
    "GP",
    "practice",
    "round",
    "nurse",
    "falls",
    "medicines",
    "review",
    "hydration",
    "dementia",
    "discharge",
    "ambulance",
    "team",
    "training",
    "family",
    "residents",
    "weekly",
    "meeting",
    "rota",
    "deterioration",
    "soft",
    "signs",
    "trust",
    "board",
    "commissioner",
    "pharmacist",
    "frailty",
    "admissions",
    "community",
    "therapy",
    "wellbeing",
    "records",
    "sharing",
    "video",
    "call",
]


def _batches(total: int, size: int) -> Iterator[range]:
    for start in range(0, total, size):
        yield range(start, min(start + size, total))


def _text(rng: random.Random, sentences: int) -> str:
    parts = [
        " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 16))).capitalize()
        + "."
        for _ in range(sentences)
    ]
    return " ".join(parts) + " " + NOTE


def render_plain(text: str) -> str:
    """The HTML our Markdown renderer makes of one plain paragraph, without it.

    Synthetic text has no Markdown syntax, so this equals
    ``forum.markup.render_markdown(text)`` at a tiny fraction of the cost.
    """
    return f"<p>{html.escape(text, quote=False)}</p>"


def default_forum():
    """The first public forum whose posts are not held for moderation."""
    name = next(
        spec.name
        for category in TREE
        for spec in category.forums
        if spec.public and not spec.held
    )
    forum = Forum.objects.filter(name=name, type=Forum.FORUM_POST).first()
    if forum is None:
        raise ValueError("Create the forum tree first (manage.py load_demo).")
    return forum


def ensure_posters(count: int = POSTERS) -> list:
    """The synthetic approved members who write the synthetic posts."""
    User = get_user_model()
    names = [f"{POSTER_PREFIX}{n}" for n in range(1, count + 1)]
    existing = set(
        User.objects.filter(username__in=names).values_list("username", flat=True)
    )
    new = []
    for name in names:
        if name in existing:
            continue
        user = User(username=name, email=f"{name}@example.invalid")
        user.set_unusable_password()
        new.append(user)
    User.objects.bulk_create(new)
    users = list(User.objects.filter(username__in=names).order_by("pk"))
    members = roles.ensure_groups()[roles.MEMBERS]
    members.user_set.add(*users)
    return users


def _fix_topic_counters(topic_ids: list[int]) -> None:
    """Set posts_count, first/last post and last_post_on as machina would."""
    posts = Post.objects.filter(topic=OuterRef("pk"))
    approved = posts.filter(approved=True)
    Topic.objects.filter(pk__in=topic_ids).update(
        posts_count=Coalesce(
            Subquery(
                approved.order_by()
                .values("topic")
                .annotate(n=Count("pk"))
                .values("n")[:1]
            ),
            0,
        ),
        first_post=Subquery(posts.order_by("created", "pk").values("pk")[:1]),
        last_post=Subquery(approved.order_by("-created", "-pk").values("pk")[:1]),
        last_post_on=Subquery(
            approved.order_by("-created", "-pk").values("created")[:1]
        ),
    )


def _fix_profile_counters(posters: list) -> None:
    """Create the posters' forum profiles and count their approved posts."""
    have = set(
        ForumProfile.objects.filter(user__in=posters).values_list("user_id", flat=True)
    )
    ForumProfile.objects.bulk_create(
        [ForumProfile(user=user) for user in posters if user.pk not in have]
    )
    ForumProfile.objects.filter(user__in=posters).update(
        posts_count=Coalesce(
            Subquery(
                Post.objects.filter(poster=OuterRef("user"), approved=True)
                .order_by()
                .values("poster")
                .annotate(n=Count("pk"))
                .values("n")[:1]
            ),
            0,
        )
    )


def _index(post_ids: list[int], forum) -> int:
    posts = list(
        Post.objects.filter(pk__in=post_ids).select_related(
            "topic", "topic__forum", "poster"
        )
    )
    for post in posts:
        # The search source would otherwise ask machina's permission handler
        # once per post whether the forum is public; we know it is.
        post.in_public_forum = True
    return index_now(posts, assume_public=True)


@transaction.atomic
def generate(
    count: int,
    topics: int,
    seed: int,
    forum=None,
    progress: Callable[[int], None] = lambda _n: None,
) -> int:
    """Create ``count`` approved posts in ``topics`` new topics; return posts made.

    Each topic gets one opening post; the remaining posts are spread at random
    over the new topics as replies. Posts are indexed for search batch by batch.
    """
    if topics < 1 or count < topics:
        raise ValueError("--count must be at least --topics, and --topics at least 1.")
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    forum = forum or default_forum()
    posters = ensure_posters()
    first = Topic.objects.filter(subject__startswith=TOPIC_PREFIX).count() + 1
    new_topics = [
        Topic(
            forum=forum,
            poster=rng.choice(posters),
            subject=f"{TOPIC_PREFIX} {seed}-{first + n}",
            slug=slugify(f"{TOPIC_PREFIX} {seed}-{first + n}"),
            type=Topic.TOPIC_POST,
            status=Topic.TOPIC_UNLOCKED,
            approved=True,
        )
        for n in range(topics)
    ]
    Topic.objects.bulk_create(new_topics)
    # Openers first, so every topic's first post is also its earliest.
    plan = list(new_topics) + [rng.choice(new_topics) for _ in range(count - topics)]
    made = 0
    for batch in _batches(len(plan), BATCH):
        rows = []
        for n in batch:
            topic = plan[n]
            text = _text(rng, rng.randint(1, 4))
            rows.append(
                Post(
                    topic=topic,
                    poster=topic.poster if n < topics else rng.choice(posters),
                    subject=topic.subject if n < topics else f"Re: {topic.subject}",
                    content=text,
                    _content_rendered=render_plain(text),
                    approved=True,
                    enable_signature=False,
                )
            )
        Post.objects.bulk_create(rows)
        made += len(rows)
        _index([row.pk for row in rows], forum)
        progress(len(rows))
    topic_ids = [topic.pk for topic in new_topics]
    _fix_topic_counters(topic_ids)
    _fix_profile_counters(posters)
    forum.refresh_from_db()
    forum.update_trackers()
    # Bulk inserts send no signals: tell the page cache that content changed.
    transaction.on_commit(content_changed)
    return made


def _synthetic_topics():
    return Topic.objects.filter(subject__startswith=TOPIC_PREFIX)


def _quiet_delete(queryset) -> int:
    """Delete rows without loading them or sending a signal per row.

    Django's ordinary delete loads every row and sends two signals per row
    (the search app would queue one task per post). Rows that point at these
    are cleared first: nullable links are emptied, the rest deleted normally.
    """
    model = queryset.model
    ids = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        for m2m in model._meta.local_many_to_many:
            m2m.remote_field.through._base_manager.filter(
                **{f"{m2m.m2m_field_name()}__in": chunk}
            ).delete()
        for rel in model._meta.related_objects:
            if rel.many_to_many:
                continue
            dependants = rel.related_model._base_manager.filter(
                **{f"{rel.field.name}__in": chunk}
            )
            if rel.field.null:
                dependants.update(**{rel.field.name: None})
            else:
                dependants.delete()
        model._base_manager.filter(pk__in=chunk)._raw_delete(queryset.db)
    return len(ids)


@transaction.atomic
def remove() -> int:
    """Delete every synthetic topic, its posts and the synthetic posters.

    Returns:
        How many posts went.
    """
    topics = _synthetic_topics()
    forums = list(Forum.objects.filter(topics__in=topics).distinct())
    post_ids = list(Post.objects.filter(topic__in=topics).values_list("pk", flat=True))
    for start in range(0, len(post_ids), BATCH):
        mark_removed(f"forum_post:{pk}" for pk in post_ids[start : start + BATCH])
    gone = _quiet_delete(Post.objects.filter(pk__in=post_ids))
    _quiet_delete(topics)
    get_user_model().objects.filter(username__startswith=POSTER_PREFIX).delete()
    for forum in forums:
        forum.refresh_from_db()
        forum.update_trackers()
    transaction.on_commit(try_sync)
    transaction.on_commit(content_changed)
    return gone
