"""Search latency for both engines, in process, through the search service.

``latency LABEL OUT.json`` times faceted case-study queries (as /case-studies/
asks them) and, when forum posts exist, site-wide queries over them, on the
database engine and on Elasticsearch, many repetitions each.
``rebuild OUT.json`` times ``manage.py search_index --rebuild`` and reports
items per second.

For scale, ``latency`` also times what a typical Wagtail search page does
(Wagtail's bakerydemo search view): ``Page.objects.live().search(text)`` on
Wagtail's own database search backend, a paginator of 10, and each result's
specific page, for the same kind of phrases.
"""

from __future__ import annotations

import itertools
import json
import statistics
import sys
import time

from django_setup import setup

setup()

from django.core.management import call_command  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from casestudies.models import VOCABULARIES, CaseStudyPage, Provenance  # noqa: E402
from search import service  # noqa: E402
from search.models import IndexEntry  # noqa: E402

ENGINES = ("database", "elasticsearch")
# Rounds of every query shape per engine (after one warm-up round): up to
# MAX_ROUNDS, but stop after BUDGET_SECONDS once MIN_ROUNDS are done, so the
# slow cases (the database engine at 100,000 posts) stay within the time box.
MAX_ROUNDS = 60
MIN_ROUNDS = 3
BUDGET_SECONDS = 12.0
SITE_QUERIES = [
    "falls medicines",
    "dementia training",
    "weekly round",
    "discharge ambulance",
    "hydration",
    "family video call",
]


def _labels() -> dict[str, list[tuple[str, str]]]:
    labels = {
        facet: list(model.objects.values_list("slug", "label"))
        for facet, model in VOCABULARIES.items()
    }
    labels["provenance"] = list(Provenance.choices)
    return labels


def _case_study_requests() -> list:
    """Filter shapes readers use: none, one, two and three facets, and text."""
    slugs = {
        facet: list(model.objects.values_list("slug", flat=True)[:4])
        for facet, model in VOCABULARIES.items()
    }
    shapes = [("", {})]
    for a, r, c in itertools.islice(
        zip(
            itertools.cycle(slugs["approach"]),
            itertools.cycle(slugs["resourcing"]),
            itertools.cycle(slugs["challenge"]),
            strict=False,
        ),
        4,
    ):
        shapes += [
            ("", {"approach": [a]}),
            ("", {"approach": [a], "resourcing": [r]}),
            ("", {"approach": [a], "resourcing": [r], "challenge": [c]}),
        ]
    shapes += [("falls", {}), ("care home", {"resourcing": [slugs["resourcing"][0]]})]
    return [
        service.case_study_request(text, selected, "relevance", 1)
        for text, selected in shapes
    ]


def _site_requests() -> list:
    return [service.site_request(text, [], 1, ("public",)) for text in SITE_QUERIES] + [
        service.site_request(text, ["forum_post"], 2, ("public",))
        for text in SITE_QUERIES[:2]
    ]


# Phrases for the Wagtail baseline: what a reader types into a search box.
WAGTAIL_PHRASES = ["falls", "care home", "hydration", "weekly round", "dementia"]


def _wagtail_search_page(phrase: str) -> int:
    """The work of a typical Wagtail search page (bakerydemo's), less rendering."""
    from django.core.paginator import Paginator
    from wagtail.models import Page

    results = Page.objects.live().search(phrase)
    page = Paginator(results, 10).get_page(1)
    return len([result.specific for result in page.object_list])


def _time_wagtail() -> dict:
    """Time Wagtail's own search after bringing its index up to date."""
    import io

    # Generated case studies are bulk-inserted, so Wagtail's index lacks them.
    call_command("wagtail_update_index", verbosity=0, stdout=io.StringIO())
    for phrase in WAGTAIL_PHRASES:  # warm-up
        _wagtail_search_page(phrase)
    timings = []
    started_all = time.perf_counter()
    for done in range(MAX_ROUNDS):
        if done >= MIN_ROUNDS and time.perf_counter() - started_all > BUDGET_SECONDS:
            break
        for phrase in WAGTAIL_PHRASES:
            started = time.perf_counter()
            _wagtail_search_page(phrase)
            timings.append((time.perf_counter() - started) * 1000)
    return {
        "queries": len(timings),
        "p50_ms": round(_percentile(timings, 0.50), 2),
        "p95_ms": round(_percentile(timings, 0.95), 2),
        "mean_ms": round(statistics.fmean(timings), 2),
    }


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _time(requests: list, labels: dict, engine: str) -> dict:
    timings = []
    results = []
    with override_settings(SEARCH_ENGINE=engine):
        for request in requests:  # warm-up: connections, caches, plans
            service.search(request, labels)
        started_all = time.perf_counter()
        for done in range(MAX_ROUNDS):
            if (
                done >= MIN_ROUNDS
                and time.perf_counter() - started_all > BUDGET_SECONDS
            ):
                break
            for request in requests:
                started = time.perf_counter()
                outcome = service.search(request, labels)
                timings.append((time.perf_counter() - started) * 1000)
                if outcome.engine != engine:
                    raise RuntimeError(f"{engine} did not answer (fell back)")
        results = [service.search(r, labels).count for r in requests]
    return {
        "queries": len(timings),
        "p50_ms": round(_percentile(timings, 0.50), 2),
        "p95_ms": round(_percentile(timings, 0.95), 2),
        "mean_ms": round(statistics.fmean(timings), 2),
        "result_counts": results,
    }


def latency(label: str) -> dict:
    """Time both engines on the content as it is now."""
    labels = _labels()
    forum_posts = IndexEntry.objects.filter(kind="forum_post", deleted=False).count()
    out: dict = {
        "label": label,
        "case_studies": CaseStudyPage.objects.live().count(),
        "forum_posts_indexed": forum_posts,
        "faceted": {},
        "site": {},
    }
    case_requests = _case_study_requests()
    for engine in ENGINES:
        out["faceted"][engine] = _time(case_requests, labels, engine)
        if forum_posts >= 1000:
            out["site"][engine] = _time(_site_requests(), labels, engine)
    out["wagtail_search_page"] = _time_wagtail()
    # Both engines must find the same things, or the timings compare nothing.
    out["engines_agree"] = all(
        len({tuple(out[kind][e]["result_counts"]) for e in out[kind]}) <= 1
        for kind in ("faceted", "site")
    )
    return out


def rebuild() -> dict:
    """Time a whole rebuild (database index, then Elasticsearch)."""
    started = time.perf_counter()
    call_command("search_index", rebuild=True, verbosity=0)
    seconds = time.perf_counter() - started
    items = IndexEntry.objects.filter(deleted=False).count()
    return {
        "items": items,
        "seconds": round(seconds, 1),
        "items_per_second": round(items / seconds, 1),
    }


if __name__ == "__main__":
    if sys.argv[1] == "latency":
        result = latency(sys.argv[2])
        path = sys.argv[3]
    else:
        result = rebuild()
        path = sys.argv[2]
    with open(path, "w") as out:
        json.dump(result, out, indent=2)
    print(json.dumps(result, indent=2))  # noqa: T201
