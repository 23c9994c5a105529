"""Seed the harm phrases, and give views flagged before the outbox a concern.

A view flagged before this release gets an unacknowledged concern dated from
its flag, so the escalation (manage.py safeguarding_alerts) asks a safeguarding
contact to acknowledge it rather than letting it stay unseen.
"""

from django.db import migrations

# A copy, not an import: a migration must not change when the code does.
PHRASES = {
    "abuse": [
        "abuse*",
        "hit me",
        "hits me",
        "hit her",
        "hit him",
        "hitting",
        "slapped",
        "pushed me",
        "shouts at",
        "shouted at",
        "rough with",
        "hurt*",
        "bruis*",
        "afraid of the staff",
        "scared of the staff",
        "frightened",
        "threatened",
        "took my money",
        "stolen",
        "touched me",
    ],
    "neglect": [
        "neglect*",
        "left alone all day",
        "left in bed",
        "left wet",
        "left soiled",
        "not fed",
        "no food",
        "hungry",
        "thirsty",
        "dehydrated",
        "not given water",
        "no one came",
        "nobody came",
        "ignored the bell",
        "tied down",
        "locked in",
    ],
    "self-harm": [
        "self-harm*",
        "self harm*",
        "suicid*",
        "kill myself",
        "end my life",
        "want to die",
        "better off dead",
        "overdose",
    ],
    "falls": [
        "a fall",
        "falls",
        "fell over",
        "fell out of",
        "fell down",
        "fallen",
        "on the floor for",
    ],
    "pressure sores": ["pressure sore*", "bed sore*", "bedsore*", "pressure ulcer*"],
    "medicines": [
        "wrong tablets",
        "wrong medication",
        "missed medication",
        "not given my medication",
        "sedated",
    ],
}


def seed(apps, schema_editor):
    HarmPhrase = apps.get_model("voices", "HarmPhrase")
    for topic, phrases in PHRASES.items():
        for phrase in phrases:
            HarmPhrase.objects.get_or_create(phrase=phrase, defaults={"topic": topic})
    Submission = apps.get_model("voices", "Submission")
    Concern = apps.get_model("voices", "SafeguardingConcern")
    Decision = apps.get_model("voices", "ModerationDecision")
    for submission in Submission.objects.filter(status="safeguarding"):
        flag = (
            Decision.objects.filter(submission=submission, action="safeguarding")
            .order_by("created_at")
            .first()
        )
        Concern.objects.get_or_create(
            submission=submission,
            defaults={
                "flagged_at": flag.created_at if flag else submission.created_at,
                "flagged_by_id": flag.actor_id if flag else None,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("voices", "0002_safeguarding_outbox_and_harm_phrases")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
