"""Demo forum content: a few clearly illustrative topics and replies.

Every post says "Illustrative example" so nobody mistakes it for real advice.
Safe to run again: topics are found by subject and forum, users by username.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from machina.core.db.models import get_model

from ehch import roles

from .models import TopicAnswer
from .structure import ensure_forum_tree

Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")
ANSWERED_FORUM = "Getting started"

NOTE = "\n\n*Illustrative example: written for the demo, not a real conversation.*"

DEMO_USERS = {
    "demo.amira": ("Amira", "Khan", roles.MEMBERS),
    "demo.tom": ("Tom", "Ellis", roles.MEMBERS),
    "demo.grace": ("Grace", "Owusu", roles.MEMBERS),
    "demo.moderator": ("Sam", "Patel", roles.MODERATORS),
}

# forum name -> [(subject, [(username, text), ...]), ...]
DEMO_TOPICS = {
    "Engaging GPs and primary care": [
        (
            "How did you get GPs on board with weekly rounds?",
            [
                (
                    "demo.amira",
                    "We manage a 60-bed nursing home. Our aligned practice visits "
                    "when called but won't commit to a weekly round. What made the "
                    "difference for you?",
                ),
                (
                    "demo.tom",
                    "For us it was showing the practice how many ad hoc calls a "
                    "round would replace. We kept a simple tally for six weeks and "
                    "shared it at the PCN meeting.",
                ),
                (
                    "demo.grace",
                    "Agree with Tom. Having one named nurse to prepare the list "
                    "before each round also helped: the GP's time was well used.",
                ),
            ],
        ),
    ],
    "Getting started": [
        (
            "Where do we start with enhanced health in care homes?",
            [
                (
                    "demo.grace",
                    "I've just joined an integrated care board team. Is there a "
                    "sensible first step that isn't another meeting?",
                ),
                (
                    "demo.moderator",
                    "Welcome! Many areas start by aligning each home to one "
                    "practice, then add a multidisciplinary team meeting. The case "
                    "studies section shows how different areas began.",
                ),
            ],
        ),
    ],
    "Measuring impact": [
        (
            "Which measures convinced your board?",
            [
                (
                    "demo.tom",
                    "We report emergency admissions per 1,000 residents and "
                    "ambulance call-outs. Has anyone used resident or family "
                    "feedback alongside those?",
                ),
                (
                    "demo.amira",
                    "We add two questions to our family survey each quarter. The "
                    "stories were what the board remembered.",
                ),
            ],
        ),
    ],
    "Training and workforce": [
        (
            "Training care staff to spot deterioration",
            [
                (
                    "demo.amira",
                    "Has anyone rolled out a soft-signs tool across a group of "
                    "homes? How did you keep it going after the first month?",
                ),
            ],
        ),
    ],
}


def ensure_demo_users() -> dict[str, object]:
    """Create the demo posters (no usable password) and put them in their groups."""
    User = get_user_model()
    groups = roles.ensure_groups()
    users = {}
    for username, (first, last, group_name) in DEMO_USERS.items():
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.invalid",
            },
        )
        if created:
            user.set_unusable_password()
            user.save()
        group: Group = groups[group_name]
        user.groups.add(group)
        users[username] = user
    return users


@transaction.atomic
def load_forum_demo(progress: Callable[[str], None] = lambda message: None) -> int:
    """Create the forum tree and the demo topics; return how many topics were added."""
    forums = ensure_forum_tree()
    users = ensure_demo_users()
    added = 0
    for forum_name, topics in DEMO_TOPICS.items():
        forum = forums[forum_name]
        for subject, posts in topics:
            if Topic.objects.filter(forum=forum, subject=subject).exists():
                continue
            first_author = users[posts[0][0]]
            topic = Topic.objects.create(
                forum=forum,
                poster=first_author,
                subject=subject,
                type=Topic.TOPIC_POST,
                status=Topic.TOPIC_UNLOCKED,
                approved=True,
            )
            created = [
                Post.objects.create(
                    topic=topic,
                    poster=users[username],
                    subject=subject if index == 0 else f"Re: {subject}",
                    content=text + NOTE,
                    approved=True,
                )
                for index, (username, text) in enumerate(posts)
            ]
            if (
                forum_name == ANSWERED_FORUM
                and len(created) > 1
                and not TopicAnswer.objects.filter(topic__forum=forum).exists()
            ):
                # The first topic anyone may read shows an answered question.
                TopicAnswer.objects.create(topic=topic, post=created[1])
            added += 1
            progress(f"Forum topic: {subject}")
    return added
