"""Outcome results in words for templates (the charts module says how)."""

from __future__ import annotations

from django import template

from casestudies.charts import effect_text
from casestudies.models import CaseStudyOutcome

register = template.Library()


@register.filter
def effect_in_words(outcome: CaseStudyOutcome) -> str:
    """The effect, its comparison and its interval in one sentence."""
    return effect_text(outcome)
