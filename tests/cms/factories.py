"""Factories for the CMS: vocabularies, index pages, guidance and resources."""

import factory
import wagtail_factories

from cms.models import (
    Audience,
    GuidanceIndexPage,
    GuidancePage,
    LeadershipLevel,
    LeadershipResourceIndexPage,
    LeadershipResourcePage,
    Topic,
)
from tests.casestudies.factories import term_factory

AudienceFactory = term_factory(Audience, "audience")
TopicFactory = term_factory(Topic, "topic")
LevelFactory = term_factory(LeadershipLevel, "level")


class GuidanceIndexFactory(wagtail_factories.PageFactory):
    """The /guidance/ index."""

    title = "Guidance"
    slug = "guidance"

    class Meta:
        model = GuidanceIndexPage


class LeadershipIndexFactory(wagtail_factories.PageFactory):
    """The /leadership/ index."""

    title = "Leadership resources"
    slug = "leadership"

    class Meta:
        model = LeadershipResourceIndexPage


class _TaggedFactory(wagtail_factories.PageFactory):
    summary = factory.LazyAttribute(lambda o: f"About {o.title}.")
    body = factory.LazyFunction(
        lambda: [{"type": "paragraph", "value": "<p>Body text.</p>"}]
    )

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @factory.post_generation
    def terms(self, create, extracted, **kwargs):
        """Set terms given as ``terms={"audiences": [...], "levels": [...]}``."""
        if not extracted:
            return
        for name, values in extracted.items():
            getattr(self, name).set(values)
        self.save()


class GuidancePageFactory(_TaggedFactory):
    """A published guidance page."""

    title = factory.Sequence(lambda n: f"Guidance {n}")
    slug = factory.Sequence(lambda n: f"guidance-{n}")

    class Meta:
        model = GuidancePage


class LeadershipResourceFactory(_TaggedFactory):
    """A published leadership resource."""

    title = factory.Sequence(lambda n: f"Resource {n}")
    slug = factory.Sequence(lambda n: f"resource-{n}")
    kind = "tool"

    class Meta:
        model = LeadershipResourcePage


def build_cms_site():
    """Return (home, guidance index, leadership index) on the default site."""
    from tests.casestudies.factories import build_site

    home, _case_index = build_site()
    return home, GuidanceIndexFactory(parent=home), LeadershipIndexFactory(parent=home)
