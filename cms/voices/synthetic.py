"""Synthetic public statements for benchmarks: many, fast, marked, removable.

Each statement is inserted as an approved, consented, *illustrative* shared view
whose text starts with ``TEXT_PREFIX``, with one audit-trail entry saying so.
``receive_submission`` and ``approve_submission`` take about ten queries per
view; here the rows go in with ``bulk_create`` and are indexed for search in
batches, which is what makes 5,000 statements a matter of seconds.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator

from django.db import transaction
from django.utils import timezone

from casestudies.models import Region
from ehch.pagecache import content_changed
from search.api import index_now
from search.indexing import mark_removed, try_sync

from .models import (
    Channel,
    Decision,
    ModerationDecision,
    SharerRole,
    Status,
    Submission,
    Theme,
)
from .references import ALPHABET, LENGTH

TEXT_PREFIX = "Synthetic statement"
BATCH = 1000
PHRASES = [
    "the staff know my name",
    "I can choose when I get up",
    "my GP comes every week",
    "the nurse explains my tablets",
    "my family can visit when they like",
    "someone listens when I am worried",
    "I still go to the garden",
    "they ask what I want at the end",
    "the food is hot and there is a choice",
    "they help me call my daughter",
]


def _batches(total: int, size: int) -> Iterator[range]:
    for start in range(0, total, size):
        yield range(start, min(start + size, total))


def _reference(rng: random.Random) -> str:
    code = "".join(rng.choice(ALPHABET) for _ in range(LENGTH))
    return f"{code[:4]}-{code[4:]}"


def _text(rng: random.Random, number: str) -> str:
    said = ", and ".join(rng.sample(PHRASES, k=rng.randint(1, 3)))
    return f"{TEXT_PREFIX} {number}: good care is when {said}."


@transaction.atomic
def generate(
    count: int, seed: int, progress: Callable[[int], None] = lambda _n: None
) -> int:
    """Create ``count`` approved, illustrative statements; return how many."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    themes = list(Theme.objects.all())
    if not themes:
        raise ValueError("Load the themes first (manage.py load_demo).")
    regions = list(Region.objects.all())
    taken = set(Submission.objects.values_list("reference", flat=True))
    first = Submission.objects.filter(text__startswith=TEXT_PREFIX).count() + 1
    roles = [role for role, _label in SharerRole.choices]
    now = timezone.now()
    made = 0
    for batch in _batches(count, BATCH):
        rows = []
        for n in batch:
            reference = _reference(rng)
            while reference in taken:
                reference = _reference(rng)
            taken.add(reference)
            text = _text(rng, f"{seed}-{first + n}")
            rows.append(
                Submission(
                    reference=reference,
                    sharer_role=rng.choice(roles),
                    text=text,
                    original_text=text,
                    region=rng.choice(regions) if regions else None,
                    consent_to_publish=True,
                    channel=Channel.WEB,
                    illustrative=True,
                    status=Status.APPROVED,
                    published_at=now,
                )
            )
        Submission.objects.bulk_create(rows)
        links = Submission.themes.through
        links.objects.bulk_create(
            [
                links(submission_id=row.pk, theme_id=theme.pk)
                for row in rows
                for theme in rng.sample(themes, k=rng.randint(1, min(2, len(themes))))
            ]
        )
        ModerationDecision.objects.bulk_create(
            [
                ModerationDecision(
                    submission=row,
                    action=Decision.APPROVED,
                    reason="Synthetic benchmark data, not a real view.",
                    published_text=row.text,
                )
                for row in rows
            ]
        )
        index_now(
            Submission.objects.filter(pk__in=[row.pk for row in rows])
            .prefetch_related("themes")
            .order_by("pk"),
            assume_public=True,
        )
        made += len(rows)
        progress(len(rows))
    # Bulk inserts send no signals: tell the page cache that content changed.
    transaction.on_commit(content_changed)
    return made


@transaction.atomic
def remove() -> int:
    """Delete every synthetic statement (and take it out of search)."""
    statements = Submission.objects.filter(
        illustrative=True, text__startswith=TEXT_PREFIX
    )
    ids = list(statements.values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        mark_removed(f"statement:{pk}" for pk in ids[start : start + BATCH])
    # Not a plain queryset delete: the pre_delete receiver would announce each
    # statement as unpublished, queueing one search task per row. What points
    # at the statements goes first, then the rows themselves in raw deletes.
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        for m2m in Submission._meta.local_many_to_many:
            m2m.remote_field.through._base_manager.filter(
                **{f"{m2m.m2m_field_name()}__in": chunk}
            ).delete()
        for rel in Submission._meta.related_objects:
            dependants = (
                rel.through._base_manager.filter(
                    **{f"{rel.field.m2m_reverse_field_name()}__in": chunk}
                )
                if rel.many_to_many
                else rel.related_model._base_manager.filter(
                    **{f"{rel.field.name}__in": chunk}
                )
            )
            dependants.delete()
        Submission.objects.filter(pk__in=chunk)._raw_delete(Submission.objects.db)
    transaction.on_commit(try_sync)
    transaction.on_commit(content_changed)
    return len(ids)
