"""Fixtures that run each search behaviour test once per engine, on real services."""

import uuid

import pytest
from django.core.management import call_command

from search import es_index


@pytest.fixture(params=["database", "elasticsearch"])
def engine(request, settings):
    """Switch the site to one engine; Elasticsearch gets a fresh index per test."""
    if request.param == "elasticsearch":
        settings.ELASTICSEARCH_URL = request.getfixturevalue("elasticsearch_url")
        settings.SEARCH_ENGINE = "elasticsearch"
        settings.ELASTICSEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:10]}"
        yield "elasticsearch"
        es_index.drop_everything()
    else:
        settings.ELASTICSEARCH_URL = None
        settings.SEARCH_ENGINE = "database"
        yield "database"


@pytest.fixture
def reindex(engine):
    """Rebuild the whole index (database and, when active, Elasticsearch)."""

    def run():
        call_command("search_index", rebuild=True, verbosity=0)

    return run


@pytest.fixture
def refresh(engine, settings):
    """Make Elasticsearch show recent writes (no-op for the database engine)."""

    def run():
        if settings.SEARCH_ENGINE == "elasticsearch":
            es_index.refresh()

    return run
