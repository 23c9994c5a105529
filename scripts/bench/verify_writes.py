"""Check that every write the workload reported is in the database.

Counts shared views and forum posts carrying the run's marker and compares
them with what the workload saw succeed (a redirect after the POST).

Usage: python scripts/bench/verify_writes.py LOAD.json OUT.json
"""

from __future__ import annotations

import json
import sys

from django_setup import setup

setup()

from machina.core.db.models import get_model  # noqa: E402

from cms.voices.models import Status, Submission  # noqa: E402

Post = get_model("forum_conversation", "Post")


def verify(load_path: str) -> dict:
    """Compare the workload's successful writes with the rows found."""
    load = json.loads(open(load_path).read())  # noqa: SIM115
    marker = load["marker"]
    submissions = Submission.objects.filter(text__contains=f"[{marker}-share-")
    posts = Post.objects.filter(content__contains=f"[{marker}-reply-")
    found = {
        "submissions": submissions.count(),
        "submissions_awaiting_moderation": submissions.filter(
            status=Status.RECEIVED
        ).count(),
        "forum replies": posts.count(),
        "forum replies published": posts.filter(approved=True).count(),
    }
    made = load["writes"]
    return {
        "marker": marker,
        "reported_by_workload": made,
        "found_in_database": found,
        "all_present": found["submissions"] == made["submissions"]
        and found["forum replies"] == made["forum replies"],
    }


if __name__ == "__main__":
    result = verify(sys.argv[1])
    with open(sys.argv[2], "w") as out:
        json.dump(result, out, indent=2)
    print(json.dumps(result, indent=2))  # noqa: T201
