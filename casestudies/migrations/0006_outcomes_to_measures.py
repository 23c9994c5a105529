"""Existing outcome rows: a shared measure where their wording names one, and
the period of a result without values moved to where it now belongs.

The measures are written here as they were on the day (not read from the
fixtures), so the migration does the same thing whenever it runs; the demo
loader and editors add the rest of the list.
"""

import re

from django.db import migrations

MEASURES = [
    # (slug, label, definition, pattern on the row's own wording)
    (
        "potentially-avoidable-admissions",
        "Potentially avoidable admissions",
        "Emergency admissions for conditions that good care in the community "
        "can usually prevent or manage, such as some infections and falls.",
        r"avoidable",
    ),
    (
        "emergency-admissions",
        "Emergency admissions",
        "Unplanned admissions to hospital of care home residents (also called "
        "non-elective admissions).",
        r"emergency admission|non-elective|admissions",
    ),
    (
        "ae-attendances",
        "A&E attendances",
        "Visits by care home residents to accident and emergency departments, "
        "whether or not they were then admitted.",
        r"a&e|a and e|accident and emergency",
    ),
    (
        "bed-days",
        "Hospital bed days",
        "The total number of days care home residents spent in hospital beds.",
        r"bed days|bed-days",
    ),
    (
        "length-of-stay",
        "Length of hospital stay",
        "How long a resident stayed in hospital, on average, once admitted.",
        r"length of (hospital )?stay|hospital days|\bstays?\b",
    ),
    (
        "ambulance-call-outs",
        "Ambulance call-outs",
        "Calls for an ambulance to a care home.",
        r"ambulance",
    ),
    ("falls", "Falls", "Falls of residents recorded by the care home.", r"\bfalls?\b"),
    (
        "gp-call-outs",
        "GP call-outs",
        "Unplanned visits or calls to a GP asked for by the care home.",
        r"gp call",
    ),
    (
        "deaths-in-usual-place",
        "Deaths in the usual place of residence",
        "Residents who died where they lived or where they had chosen to die, "
        "rather than in hospital.",
        r"died|death|place of death|preferred place",
    ),
]


# The list's order for readers (as in fixtures/vocabulary/measure.yaml); MEASURES
# is in matching order instead (the narrower wording first).
LIST_ORDER = [
    "emergency-admissions",
    "potentially-avoidable-admissions",
    "ae-attendances",
    "bed-days",
    "length-of-stay",
    "ambulance-call-outs",
    "falls",
    "gp-call-outs",
    "deaths-in-usual-place",
]


def forwards(apps, schema_editor):
    OutcomeMeasure = apps.get_model("casestudies", "OutcomeMeasure")
    Outcome = apps.get_model("casestudies", "CaseStudyOutcome")
    terms = {}
    for slug, label, definition, pattern in MEASURES:
        term, _ = OutcomeMeasure.objects.get_or_create(
            slug=slug,
            defaults={
                "label": label,
                "definition": definition,
                "sort_order": LIST_ORDER.index(slug),
            },
        )
        terms[slug] = (term, re.compile(pattern, re.IGNORECASE))
    for row in Outcome.objects.filter(measure_term__isnull=True):
        changed = []
        for term, pattern in terms.values():
            if pattern.search(row.measure):
                row.measure_term = term
                changed.append("measure_term")
                break
        # A result with no figures kept its period in latest_period.
        has_values = row.baseline_value is not None or row.latest_value is not None
        if not has_values and row.latest_period and not row.period:
            row.period, row.latest_period = row.latest_period, ""
            changed += ["period", "latest_period"]
        if changed:
            row.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("casestudies", "0005_outcome_effects_and_measures")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
