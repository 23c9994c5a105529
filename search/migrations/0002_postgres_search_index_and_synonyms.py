"""A GIN index for PostgreSQL full-text search, and the seed synonyms.

The GIN index is PostgreSQL-only, so it is created with plain SQL when the
database is PostgreSQL and skipped on SQLite (the embedded demo database).
"""

from django.db import migrations

SEED_SYNONYMS = [
    "GP, general practitioner, general practice, primary care",
    "MDT, multidisciplinary team, multi-disciplinary team",
    "care home, nursing home, residential home",
    "EHCH, enhanced health in care homes",
    "A&E, emergency department, accident and emergency",
    "ICB, integrated care board, CCG, clinical commissioning group",
    "PCN, primary care network",
]


def create_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS search_indexentry_vector_gin "
        "ON search_indexentry USING GIN (search_vector)"
    )


def drop_gin_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS search_indexentry_vector_gin")


def seed_synonyms(apps, schema_editor):
    SynonymGroup = apps.get_model("search", "SynonymGroup")
    for terms in SEED_SYNONYMS:
        SynonymGroup.objects.get_or_create(terms=terms)


def unseed_synonyms(apps, schema_editor):
    SynonymGroup = apps.get_model("search", "SynonymGroup")
    SynonymGroup.objects.filter(terms__in=SEED_SYNONYMS).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(create_gin_index, drop_gin_index),
        migrations.RunPython(seed_synonyms, unseed_synonyms),
    ]
