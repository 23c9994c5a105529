"""System check: case studies shared by areas reach an editor.

``casestudies.W001`` warns while no moderation workflow covers the case-study
index, or no moderator has an email address: a case study an area shares
would then wait as a draft that nobody is told about.
"""

from __future__ import annotations

from django.core import checks
from django.db import DatabaseError


@checks.register("casestudies")
def shared_case_studies_reach_editors(
    app_configs=None, **kwargs
) -> list[checks.CheckMessage]:
    """Warn while a shared case study would reach no editor."""
    from casestudies.models import CaseStudyIndexPage
    from casestudies.sharing import review_gaps

    try:
        index = CaseStudyIndexPage.objects.first()
        if index is None:
            return []
        gaps = review_gaps(index)
    except DatabaseError:
        return []  # not migrated yet: cms.W001 says so
    if not gaps:
        return []
    return [
        checks.Warning(
            "Case studies that areas share would reach no editor: "
            + " and ".join(gaps)
            + ".",
            hint="Run `manage.py setup_editorial` (or assign a workflow to the "
            "case-study index in Settings → Workflows) and add a moderator "
            "with an email address.",
            id="casestudies.W001",
        )
    ]
