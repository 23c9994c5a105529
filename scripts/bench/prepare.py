"""Prepare the benchmark: a signed-in writer, a topic to reply to, the page list.

Writes a plan (JSON) that the workload, the query counter and the write check
read: the pages to measure, the writer's credentials (a throwaway account in a
throwaway database) and the forms the writes go through. Safe to run again.

Usage: python scripts/bench/prepare.py PLAN.json
"""

from __future__ import annotations

import json
import secrets
import sys

from django_setup import setup

setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import transaction  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from machina.core.db.models import get_model  # noqa: E402

from casestudies.models import CaseStudyPage  # noqa: E402
from ehch import roles  # noqa: E402
from ehch.accounts.models import MemberProfile  # noqa: E402
from ehch.accounts.models import Status as MemberStatus  # noqa: E402
from forum.demo import DEMO_TOPICS  # noqa: E402
from forum.synthetic import default_forum  # noqa: E402

Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")

WRITER = "bench.writer"
REPLY_TOPIC = "Benchmark replies"


def _topic_url(topic, name: str = "topic") -> str:
    kwargs = {"forum_slug": topic.forum.slug, "forum_pk": topic.forum.pk}
    if name == "topic":
        kwargs.update(slug=topic.slug, pk=topic.pk)
    else:
        kwargs.update(topic_slug=topic.slug, topic_pk=topic.pk)
    return reverse(f"forum_conversation:{name}", kwargs=kwargs)


def _choice(model_field: str) -> str:
    return MemberProfile._meta.get_field(model_field).choices[0][0]


@transaction.atomic
def approved_member(username: str, display_name: str):
    """A verified, approved member in the members' group (email at .invalid)."""
    user, _ = get_user_model().objects.update_or_create(
        username=username, defaults={"email": f"{username}@example.invalid"}
    )
    EmailAddress.objects.update_or_create(
        user=user,
        email=user.email,
        defaults={"verified": True, "primary": True},
    )
    MemberProfile.objects.update_or_create(
        user=user,
        defaults={
            "display_name": display_name,
            "role": _choice("role"),
            "organisation_type": _choice("organisation_type"),
            "region": _choice("region"),
            "leadership_level": _choice("leadership_level"),
            "status": MemberStatus.APPROVED,
            "decided_at": timezone.now(),
        },
    )
    user.groups.add(roles.ensure_groups()[roles.MEMBERS])
    return user


@transaction.atomic
def writer_and_topic(password: str):
    """An approved, verified member with enough approved posts not to be held."""
    user = approved_member(WRITER, "Benchmark writer")
    user.set_password(password)
    user.save()
    forum = default_forum()
    topic = Topic.objects.filter(forum=forum, subject=REPLY_TOPIC).first()
    if topic is None:
        topic = Topic.objects.create(
            forum=forum,
            poster=user,
            subject=REPLY_TOPIC,
            type=Topic.TOPIC_POST,
            status=Topic.TOPIC_UNLOCKED,
            approved=True,
        )
    # A member's first posts are held; these approved ones let the writer's
    # replies publish at once, as an established member's would.
    have = Post.objects.filter(poster=user, approved=True).count()
    for n in range(have, settings.FORUM_FIRST_POSTS_HELD):
        Post.objects.create(
            topic=topic,
            poster=user,
            subject=REPLY_TOPIC if n == 0 and not topic.posts.exists() else "Re: bench",
            content="Earlier post by the benchmark writer.",
            approved=True,
        )
    return user, topic


def plan(path: str) -> dict:
    """Build and write the plan."""
    password = secrets.token_urlsafe(18)
    user, reply_topic = writer_and_topic(password)
    # A demo case study with every facet the faceted URL filters by.
    demo_case = (
        CaseStudyPage.objects.live()
        .exclude(slug__startswith="synthetic-")
        .filter(
            approach__isnull=False,
            resourcing__isnull=False,
            challenges__isnull=False,
        )
        .distinct()
        .order_by("title")
        .first()
    )
    facets = {
        "approach": demo_case.approach.first().slug,
        "resourcing": demo_case.resourcing.slug,
        "challenge": demo_case.challenges.first().slug,
    }
    faceted = "/case-studies/?" + "&".join(f"{k}={v}" for k, v in facets.items())
    forum_name, topics = next(iter(DEMO_TOPICS.items()))
    demo_topic = Topic.objects.get(forum__name=forum_name, subject=topics[0][0])
    data = {
        "reads": {
            "home": "/",
            "case study list": "/case-studies/",
            "faceted list": faceted,
            "case study page": demo_case.url,
            "site search": "/search/?q=falls+medicines",
            "forum topic": _topic_url(demo_topic),
            "residents' index": reverse("voices:index"),
        },
        "share_url": reverse("voices:share"),
        "login_url": reverse("account_login"),
        "reply_url": _topic_url(reply_topic, "post_create"),
        "reply_topic_id": reply_topic.pk,
        "writer": {"email": user.email, "password": password},
        "facets": facets,
    }
    with open(path, "w") as out:
        json.dump(data, out, indent=2)
    return data


if __name__ == "__main__":
    print(json.dumps(plan(sys.argv[1])["reads"], indent=2))  # noqa: T201
