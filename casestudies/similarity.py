"""Areas like this one: a weighted count of what two case studies share.

Shared starting approaches weigh most (how an area began is what a reader
most wants to copy), then the way homes were brought in, the challenges met
and the region, then care elements, the kind of lead organisation and
vanguard status. At equal scores a documented area ranks above a submitted
one, and both above an illustrative composite. Each suggestion carries a
plain sentence of what it shares.

One statement ranks every visible case study: a UNION ALL of the rows that
share something (only those, so a large corpus costs what it shares), summed
per page, limited in the database. A similar size counts too: homes (or,
where no homes are given, residents) within half to twice this area's, and a
similar share of nursing homes.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from wagtail.models import Page

from casestudies.models import CaseStudyPage, Provenance, Vanguard
from ehch import pagecache

#: Points for each shared term of a many-valued classification.
MANY_WEIGHTS = {"approach": 3, "rollout": 2, "challenges": 2, "elements": 1}
#: Points for the same single value.
SINGLE_WEIGHTS = {"region": 2, "lead_type": 1}
VANGUARD_WEIGHT = 1
#: Points for a similar size: homes (or, without them, residents) within
#: half to twice the reader's area's.
SIZE_WEIGHT = 2
#: Points for a similar mix: shares of nursing homes within this of each other.
MIX_WEIGHT = 1
MIX_TOLERANCE = 0.2
#: Vanguard values worth sharing ("not a vanguard" or "not known" are not).
VANGUARDS = (Vanguard.YES, Vanguard.MCP)
PROVENANCE_RANK = {Provenance.DOCUMENTED: 0, Provenance.SUBMITTED: 1}
#: How long a ranking is kept at most, even if no content changes.
SIMILAR_SECONDS = 3600


@dataclass(frozen=True)
class Suggestion:
    """A similar case study and what it shares with the one being read."""

    page: CaseStudyPage
    reasons: list[str]

    @property
    def sentence(self) -> str:
        """The reasons as one sentence: "In common: began the same way (…)."."""
        return "In common: " + "; ".join(self.reasons) + "."


def _sharing_rows(page: CaseStudyPage) -> tuple[list[str], list[object]]:
    """SQL selecting (page_id, weight, kind, term_id) for each shared row.

    Names come from the model's meta and weights and kinds from this module's
    constants; the page's own values go as parameters.
    """
    parts: list[str] = []
    params: list[object] = []
    for name, weight in MANY_WEIGHTS.items():
        ids = [term.pk for term in getattr(page, name).all()]
        if not ids:
            continue
        field = CaseStudyPage._meta.get_field(name)
        through = field.remote_field.through._meta.db_table
        page_col, term_col = field.m2m_column_name(), field.m2m_reverse_name()
        marks = ", ".join(["%s"] * len(ids))
        parts.append(
            f"SELECT {page_col} AS page_id, {int(weight)} AS weight, "  # noqa: S608
            f"'{name}' AS kind, {term_col} AS term_id FROM {through} "
            f"WHERE {term_col} IN ({marks})"
        )
        params += ids
    table = CaseStudyPage._meta.db_table
    key = CaseStudyPage._meta.pk.column
    singles = [
        (name, CaseStudyPage._meta.get_field(name).column, getattr(page, f"{name}_id"))
        for name in SINGLE_WEIGHTS
    ]
    if page.vanguard in VANGUARDS:
        singles.append(("vanguard", "vanguard", page.vanguard))
    conditions = [
        (name, SINGLE_WEIGHTS.get(name, VANGUARD_WEIGHT), f"{column} = %s", [value])
        for name, column, value in singles
        if value is not None
    ]
    conditions += _size_conditions(page)
    for name, weight, condition, values in conditions:
        parts.append(
            f"SELECT {key} AS page_id, {int(weight)} AS weight, "  # noqa: S608
            f"'{name}' AS kind, CAST(NULL AS INTEGER) AS term_id FROM {table} "
            f"WHERE {condition}"
        )
        params += values
    return parts, params


def _size_conditions(page: CaseStudyPage) -> list[tuple[str, int, str, list]]:
    """Similar size (homes, else residents) and a similar nursing mix, as SQL."""
    found = []
    measure = next(
        (name for name in ("homes", "residents") if getattr(page, name)), None
    )
    if measure:
        value = getattr(page, measure)
        found.append(
            (
                "size",
                SIZE_WEIGHT,
                f"{measure} BETWEEN %s AND %s",
                [(value + 1) // 2, value * 2],
            )
        )
    if page.homes and page.nursing_homes is not None:
        found.append(
            (
                "mix",
                MIX_WEIGHT,
                "homes > 0 AND nursing_homes IS NOT NULL "
                "AND ABS(CAST(nursing_homes AS FLOAT) / homes - %s) <= %s",
                [page.nursing_homes / page.homes, MIX_TOLERANCE],
            )
        )
    return found


def _ids_of(kind: str) -> str:
    """A winner's shared term ids of ``kind``, comma-separated."""
    if connection.vendor == "postgresql":
        text = "CAST(w.term_id AS TEXT)"
        joined = f"STRING_AGG(CASE WHEN w.kind = '{kind}' THEN {text} END, ',')"
    else:
        joined = f"GROUP_CONCAT(CASE WHEN w.kind = '{kind}' THEN w.term_id END)"
    return f"{joined} AS shared_{kind}"


def _ranked(page: CaseStudyPage, limit: int) -> list[CaseStudyPage]:
    """The ``limit`` visible case studies sharing most with ``page``, in one query.

    Each comes as a full CaseStudyPage with ``shared_<kind>`` (term ids) and
    ``same_<value>`` flags beside it, so the reasons need no further query.
    The scores are summed first; only the pages scoring at least the
    ``limit``-th best are joined to their rows and sorted, and only the
    winners' rows are gathered into reasons (at 10,000 case studies most pages
    share something: joining them all cost ~60 ms).
    """
    parts, params = _sharing_rows(page)
    if not parts:
        return []
    visible_sql, visible_params = (
        CaseStudyPage.objects.live()
        .public()
        .order_by()  # a membership test: sorting 10,000 ids cost ~10 ms
        .values("pk")
        .query.sql_with_params()
    )
    table = CaseStudyPage._meta.db_table
    key = CaseStudyPage._meta.pk.column
    ranks = " ".join(
        f"WHEN '{value}' THEN {rank}" for value, rank in PROVENANCE_RANK.items()
    )
    shared = ", ".join(_ids_of(kind) for kind in MANY_WEIGHTS)
    flags = ", ".join(
        f"MAX(CASE WHEN w.kind = '{kind}' THEN 1 ELSE 0 END) AS same_{kind}"
        for kind in (*SINGLE_WEIGHTS, "vanguard", "size", "mix")
    )
    order = (
        f"score DESC, CASE provenance {ranks} ELSE {len(PROVENANCE_RANK)} END, title"
    )
    # Names from model meta, kinds and ranks from this module, values as
    # parameters.
    sql = (
        f"WITH s AS (SELECT * FROM ({' UNION ALL '.join(parts)}) u "  # noqa: S608
        f"WHERE u.page_id <> %s AND u.page_id IN ({visible_sql})), "
        f"agg AS (SELECT page_id, SUM(weight) AS score FROM s GROUP BY page_id), "
        f"cut AS (SELECT score FROM agg ORDER BY score DESC LIMIT 1 OFFSET %s), "
        f"best AS (SELECT agg.page_id, agg.score, c.provenance, p.title FROM agg "
        f"JOIN {table} c ON c.{key} = agg.page_id "
        f"JOIN {Page._meta.db_table} p ON p.id = agg.page_id "
        f"WHERE agg.score >= COALESCE((SELECT score FROM cut), 0) "
        f"ORDER BY {order} LIMIT %s), "
        f"why AS (SELECT w.page_id, {shared}, {flags} FROM s w "
        f"WHERE w.page_id IN (SELECT page_id FROM best) GROUP BY w.page_id) "
        f"SELECT p.*, c.*, best.score, why.* FROM best "
        f"JOIN why ON why.page_id = best.page_id "
        f"JOIN {table} c ON c.{key} = best.page_id "
        f"JOIN {Page._meta.db_table} p ON p.id = best.page_id "
        f"ORDER BY best.score DESC, "
        f"CASE best.provenance {ranks} ELSE {len(PROVENANCE_RANK)} END, best.title"
    )
    return list(
        CaseStudyPage.objects.raw(
            sql, [*params, page.pk, *visible_params, limit - 1, limit]
        )
    )


def _reasons(page: CaseStudyPage, other: CaseStudyPage) -> list[str]:
    """What ``other`` shares with ``page``, from the ranking query's columns.

    The labels are the reader's own page's terms (already loaded), picked by
    the ids the query found in common.
    """

    def shared(name: str) -> str:
        ids = {int(i) for i in (getattr(other, f"shared_{name}") or "").split(",") if i}
        return ", ".join(t.label for t in getattr(page, name).all() if t.pk in ids)

    reasons = []
    for name, words in (
        ("approach", "began the same way"),
        ("rollout", "brought homes in the same way"),
        ("challenges", "met the same challenges"),
    ):
        if labels := shared(name):
            reasons.append(f"{words} ({labels})")
    if other.same_region:
        reasons.append(f"the same region ({page.region.label})")
    if labels := shared("elements"):
        reasons.append(f"worked on the same care elements ({labels})")
    if other.same_lead_type:
        reasons.append(f"the same kind of lead ({page.lead_type.label})")
    if other.same_vanguard:
        reasons.append("both vanguards")
    if other.same_size:
        reasons.append(f"a similar size ({other.size_in_words})")
    if other.same_mix:
        reasons.append("a similar mix of nursing and residential homes")
    return reasons


def similar_areas(page: CaseStudyPage, count: int = 3) -> list[Suggestion]:
    """Up to ``count`` suggestions, best first, each with its reasons.

    The same for every reader (only pages everyone may see are ranked), so the
    answer is kept in the cache until case-study content changes: the ranking
    costs ~30-50 ms at 10,000 case studies, a cache read well under 1 ms.
    """
    if not page.pk:  # a preview of an unsaved page: nothing to key it by
        return _suggest(page, count)
    # The content version changes with every publish, unpublish, edit or
    # view restriction (ehch/pagecache.py), as it does for cached pages.
    key = f"similar:{page.pk}:{count}:{pagecache.content_version()}"
    cached = cache.get(key)
    if cached is None:
        cached = _suggest(page, count)
        cache.set(key, cached, SIMILAR_SECONDS)
    return cached


def _suggest(page: CaseStudyPage, count: int) -> list[Suggestion]:
    return [Suggestion(other, _reasons(page, other)) for other in _ranked(page, count)]
