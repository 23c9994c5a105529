"""Areas like this one: a weighted count of what two case studies share.

Shared starting approaches weigh most (how an area began is what a reader
most wants to copy), then the way homes were brought in, the challenges met
and the region, then care elements, the kind of lead organisation and
vanguard status. At equal scores a documented area ranks above a submitted
one, and both above an illustrative composite. Each suggestion carries a
plain sentence of what it shares.

One statement ranks every visible case study: a UNION ALL of the rows that
share something (only those, so a large corpus costs what it shares), summed
per page, limited in the database. Sizes (homes, beds, residents) are not
recorded as numbers yet, so they do not count.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from wagtail.models import Page

from casestudies.models import CaseStudyPage, Provenance, Vanguard

#: Points for each shared term of a many-valued classification.
MANY_WEIGHTS = {"approach": 3, "rollout": 2, "challenges": 2, "elements": 1}
#: Points for the same single value.
SINGLE_WEIGHTS = {"region": 2, "lead_type": 1}
VANGUARD_WEIGHT = 1
#: Vanguard values worth sharing ("not a vanguard" or "not known" are not).
VANGUARDS = (Vanguard.YES, Vanguard.MCP)
PROVENANCE_RANK = {Provenance.DOCUMENTED: 0, Provenance.SUBMITTED: 1}


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
    for name, column, value in singles:
        if value is None:
            continue
        weight = SINGLE_WEIGHTS.get(name, VANGUARD_WEIGHT)
        parts.append(
            f"SELECT {key} AS page_id, {int(weight)} AS weight, "  # noqa: S608
            f"'{name}' AS kind, CAST(NULL AS INTEGER) AS term_id FROM {table} "
            f"WHERE {column} = %s"
        )
        params.append(value)
    return parts, params


def _ids_of(kind: str) -> str:
    """One column: the shared term ids of ``kind``, comma-separated."""
    if connection.vendor == "postgresql":
        return (
            f"STRING_AGG(CASE WHEN s.kind = '{kind}' "
            f"THEN CAST(s.term_id AS TEXT) END, ',') AS shared_{kind}"
        )
    return (
        f"GROUP_CONCAT(CASE WHEN s.kind = '{kind}' THEN s.term_id END) AS shared_{kind}"
    )


def _ranked(page: CaseStudyPage, limit: int) -> list[CaseStudyPage]:
    """The ``limit`` visible case studies sharing most with ``page``, in one query.

    Each comes as a full CaseStudyPage with ``shared_<kind>`` (term ids) and
    ``shared_kinds`` beside it, so the reasons need no further query.
    """
    parts, params = _sharing_rows(page)
    if not parts:
        return []
    visible_sql, visible_params = (
        CaseStudyPage.objects.live().public().values("pk").query.sql_with_params()
    )
    table = CaseStudyPage._meta.db_table
    key = CaseStudyPage._meta.pk.column
    ranks = " ".join(
        f"WHEN '{value}' THEN {rank}" for value, rank in PROVENANCE_RANK.items()
    )
    shared = ", ".join(_ids_of(kind) for kind in MANY_WEIGHTS)
    kinds = ", ".join(
        f"MAX(CASE WHEN s.kind = '{kind}' THEN 1 ELSE 0 END) AS same_{kind}"
        for kind in (*SINGLE_WEIGHTS, "vanguard")
    )
    sql = (
        f"SELECT p.*, c.*, agg.* FROM ("  # noqa: S608
        f"SELECT s.page_id, SUM(s.weight) AS score, {shared}, {kinds} "
        f"FROM ({' UNION ALL '.join(parts)}) s "
        f"WHERE s.page_id <> %s AND s.page_id IN ({visible_sql}) "
        f"GROUP BY s.page_id) agg "
        f"JOIN {table} c ON c.{key} = agg.page_id "
        f"JOIN {Page._meta.db_table} p ON p.id = agg.page_id "
        f"ORDER BY agg.score DESC, "
        f"CASE c.provenance {ranks} ELSE {len(PROVENANCE_RANK)} END, p.title "
        f"LIMIT %s"
    )
    return list(
        CaseStudyPage.objects.raw(sql, [*params, page.pk, *visible_params, limit])
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
    return reasons


def similar_areas(page: CaseStudyPage, count: int = 3) -> list[Suggestion]:
    """Up to ``count`` suggestions, best first, each with its reasons."""
    return [Suggestion(other, _reasons(page, other)) for other in _ranked(page, count)]
