"""Synthetic case studies for benchmarks: many, fast, clearly marked, removable.

Wagtail's tree API saves one page at a time (about 20 queries each), far too slow
for 10,000 pages. Here pages are bulk-inserted: the treebeard paths are computed
directly, the base ``wagtailcore_page`` rows go in with ``bulk_create``, and the
``CaseStudyPage`` rows with the queryset's low-level insert, because Django's
``bulk_create`` refuses multi-table inherited models.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page

from casestudies.models import (
    VOCABULARIES,
    CaseStudyIndexPage,
    CaseStudyPage,
    Provenance,
)
from search.api import index_now

PREFIX = "synthetic-"
TITLE_PREFIX = "Synthetic area"
BATCH = 500

WORDS = [
    "care",
    "home",
    "GP",
    "practice",
    "community",
    "nurse",
    "hospital",
    "discharge",
    "falls",
    "medicines",
    "review",
    "home",
    "round",
    "multidisciplinary",
    "team",
    "hydration",
    "dementia",
    "end",
    "of",
    "life",
    "training",
    "trust",
    "relationships",
    "commissioner",
    "council",
    "pilot",
    "admissions",
    "quality",
    "of",
    "life",
    "residents",
]


def _batches(total: int, size: int) -> Iterator[range]:
    for start in range(0, total, size):
        yield range(start, min(start + size, total))


def _sentence(rng: random.Random, words: int = 14) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _sample(rng: random.Random, terms: list, low: int, high: int) -> list:
    return rng.sample(terms, k=min(len(terms), rng.randint(low, high)))


@transaction.atomic
def generate(
    count: int, seed: int, progress: Callable[[int], None] = lambda _n: None
) -> int:
    """Create ``count`` synthetic case studies under the index; return how many."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    index = CaseStudyIndexPage.objects.get()
    terms = {facet: list(model.objects.all()) for facet, model in VOCABULARIES.items()}
    if not all(terms.values()):
        raise ValueError("Load the vocabularies first (manage.py load_demo).")
    content_type = ContentType.objects.get_for_model(CaseStudyPage)
    last_child = index.get_last_child()
    next_step = (int(last_child.path[-Page.steplen :], 36) + 1) if last_child else 1
    taken = set(
        CaseStudyPage.objects.filter(slug__startswith=PREFIX).values_list(
            "slug", flat=True
        )
    )
    now = timezone.now()
    through = {
        name: getattr(CaseStudyPage, name).through
        for name in ("approach", "rollout", "challenges", "elements")
    }
    # Each through table has one foreign key to the page and one to the term.
    term_column = {
        name: next(
            f.attname
            for f in model._meta.fields
            if f.is_relation and f.related_model is not CaseStudyPage
        )
        for name, model in through.items()
    }
    local_fields = CaseStudyPage._meta.local_concrete_fields
    created = 0
    for batch in _batches(count, BATCH):
        bases, details = [], []
        for n in batch:
            slug = f"{PREFIX}{seed}-{n + 1}"
            if slug in taken:
                continue
            title = f"{TITLE_PREFIX} {seed}-{n + 1}"
            bases.append(
                Page(
                    title=title,
                    draft_title=title,
                    slug=slugify(slug),
                    content_type=content_type,
                    path=Page._get_path(index.path, index.depth + 1, next_step),
                    depth=index.depth + 1,
                    numchild=0,
                    url_path=f"{index.url_path}{slug}/",
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now,
                    last_published_at=now,
                    locale_id=index.locale_id,
                    search_description="",
                )
            )
            next_step += 1
        if not bases:
            progress(len(batch))
            continue
        Page.objects.bulk_create(bases)
        links: dict[str, list] = {name: [] for name in through}
        for base in bases:
            page = CaseStudyPage(
                page_ptr_id=base.pk,
                area=base.title,
                summary=_sentence(rng, 20),
                provenance=Provenance.ILLUSTRATIVE,
                provenance_note="Synthetic benchmark data, not a real area.",
                region=rng.choice(terms["region"]),
                lead_organisation="",
                lead_type=rng.choice(terms["lead"]),
                partners="",
                vanguard="no",
                year_started=rng.randint(2010, 2024),
                resourcing=rng.choice(terms["resourcing"]),
                resourcing_detail="",
                residents_involved="unknown",
                residents_involvement_detail="",
                narrative=[("what_they_did", f"<p>{_sentence(rng, 60)}</p>")],
            )
            details.append(page)
            for name, facet, low, high in (
                ("approach", "approach", 1, 1),
                ("rollout", "rollout", 1, 1),
                ("challenges", "challenge", 1, 4),
                ("elements", "element", 1, 3),
            ):
                model = through[name]
                for term in _sample(rng, terms[facet], low, high):
                    links[name].append(
                        model(casestudypage_id=base.pk, **{term_column[name]: term.pk})
                    )
        CaseStudyPage._base_manager._insert(details, fields=local_fields)
        for name, rows in links.items():
            through[name].objects.bulk_create(rows)
        created += len(bases)
        # Bulk inserts send no publish signals, so index each batch here.
        index_now(
            CaseStudyPage.objects.live()
            .public()
            .filter(pk__in=[b.pk for b in bases])
            .with_facts(),
            assume_public=True,
        )
        progress(len(batch))
    Page.objects.filter(pk=index.pk).update(numchild=index.get_children().count())
    return created


@transaction.atomic
def remove() -> int:
    """Delete every synthetic case study; return how many went."""
    pages = CaseStudyPage.objects.filter(slug__startswith=PREFIX)
    total = pages.count()
    Page.objects.filter(pk__in=pages.values("pk")).delete()
    index = CaseStudyIndexPage.objects.first()
    if index:
        Page.objects.filter(pk=index.pk).update(numchild=index.get_children().count())
    return total
