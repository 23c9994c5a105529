"""The cluster drill's checks that need Django: run under production settings.

Usage (each writes its JSON result to OUT and prints it):
  python scripts/drill/checks.py subscriber
      a digest subscriber to the forum the drill's writer posts in
  python scripts/drill/checks.py drain SECONDS OUT
      wait until the task queue has nothing due or running
  python scripts/drill/checks.py search OUT
      every searchable object's key against the ids in Elasticsearch
  python scripts/drill/checks.py digests MAIL_LOG OUT
      digest emails per digest subscriber, as the mail sink received them
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

# The benchmark's helpers: its Django start-up and its member set-up.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from django_setup import setup  # noqa: E402

setup()

from django_tasks_db.models import DBTaskResult  # noqa: E402
from elasticsearch.helpers import scan  # noqa: E402
from prepare import approved_member  # noqa: E402

from forum.models import ForumSubscription  # noqa: E402
from forum.synthetic import default_forum  # noqa: E402
from search import es_index  # noqa: E402
from search.documents import sources  # noqa: E402
from search.models import IndexEntry  # noqa: E402

SUBSCRIBER = "drill.subscriber"
DIGEST_SUBJECT = "New topics in the forums you follow"


def subscriber() -> dict:
    """An approved member taking the daily digest of the writer's forum."""
    user = approved_member(SUBSCRIBER, "Drill subscriber")
    forum = default_forum()
    ForumSubscription.objects.update_or_create(
        user=user, forum=forum, defaults={"daily_digest": True}
    )
    # A digest covers the day up to the last cut-off (forum.digests), so the
    # drill's own posts fall in tomorrow's: date one approved topic inside
    # today's, so there is something to send once.
    from datetime import timedelta

    from django.utils import timezone
    from machina.core.db.models import get_model

    from forum.digests import digest_period

    _, end = digest_period(timezone.now())
    topics = get_model("forum_conversation", "Topic").objects
    topic = topics.filter(forum=forum, approved=True).order_by("pk").first()
    if topic is not None:
        topics.filter(pk=topic.pk).update(created=end - timedelta(hours=1))
    return {"subscriber": user.email, "forum": forum.name, "dated_topic": bool(topic)}


def drain(seconds: float) -> dict:
    """Wait for the workers to empty the queue; report what is left."""
    started = time.monotonic()
    while True:
        due = DBTaskResult.objects.ready().count()
        running = DBTaskResult.objects.running().count()
        waited = time.monotonic() - started
        if (due == 0 and running == 0) or waited > seconds:
            return {
                "drained": due == 0 and running == 0,
                "due": due,
                "running": running,
                "failed_tasks": DBTaskResult.objects.failed().count(),
                "waited_seconds": round(waited, 1),
            }
        time.sleep(1)


def search() -> dict:
    """Every object the sources call searchable, by key, is in the ES index."""
    expected = {
        source.key_for(obj) for source in sources() for obj in source.all_public()
    }
    client = es_index.get_client_or_fail()
    client.indices.refresh(index=es_index.alias_name())
    in_index = {
        hit["_id"]
        for hit in scan(
            client, index=es_index.alias_name(), query={"_source": False}, size=1000
        )
    }
    missing = sorted(expected - in_index)
    extra = sorted(in_index - expected)
    return {
        "searchable_in_database": len(expected),
        "in_elasticsearch": len(in_index),
        "missing_from_elasticsearch": len(missing),
        "missing_examples": missing[:10],
        "in_elasticsearch_not_searchable": len(extra),
        "extra_examples": extra[:10],
        "entries_awaiting_sync": IndexEntry.objects.filter(es_dirty=True).count(),
        "caught_up": not missing and not extra,
    }


def digests(mail_log: str) -> dict:
    """How many digest emails each digest subscriber received."""
    subscribers = sorted(
        set(
            ForumSubscription.objects.filter(daily_digest=True).values_list(
                "user__email", flat=True
            )
        )
    )
    counts: Counter[str] = Counter()
    log = Path(mail_log)
    for line in log.read_text().splitlines() if log.exists() else []:
        row = json.loads(line)
        if DIGEST_SUBJECT in row["subject"]:
            counts[row["to"]] += 1
    per_subscriber = {email: counts.get(email, 0) for email in subscribers}
    return {
        "digest_subscribers": len(subscribers),
        "digests_per_subscriber": per_subscriber,
        "exactly_once": bool(subscribers)
        and all(n == 1 for n in per_subscriber.values()),
    }


def _write(result: dict, out: str | None) -> None:
    if out:
        Path(out).write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))  # noqa: T201


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "subscriber":
        _write(subscriber(), None)
    elif command == "drain":
        _write(drain(float(args[0])), args[1])
    elif command == "search":
        _write(search(), args[0])
    elif command == "digests":
        _write(digests(args[0]), args[1])
    else:
        sys.exit(__doc__)
