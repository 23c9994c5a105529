"""Vocabularies that tag guidance and leadership resources; editable as snippets.

They share the case-study vocabularies' shape (slug, label, definition) by
inheriting ``casestudies.models.vocabulary.Term``. Slugs appear in filter URLs
(``/guidance/?audience=gps-primary-care``), so they stay fixed once saved.
"""

from __future__ import annotations

from casestudies.models.vocabulary import Term


class Audience(Term):
    """Who a piece of guidance is written for."""

    facet = "audience"

    class Meta(Term.Meta):
        verbose_name = "audience"


class Topic(Term):
    """What a piece of guidance or a resource is about."""

    facet = "topic"

    class Meta(Term.Meta):
        verbose_name = "guidance topic"


class LeadershipLevel(Term):
    """Where a leader works: the front line, a service, or the whole local system."""

    facet = "level"

    class Meta(Term.Meta):
        verbose_name = "leadership level"


GUIDANCE_VOCABULARIES: dict[str, type[Term]] = {
    model.facet: model for model in [Audience, Topic, LeadershipLevel]
}
