"""Factories for case studies and their vocabularies."""

import factory
import wagtail_factories
from wagtail.models import Page

from casestudies.models import (
    Approach,
    CareElement,
    CaseStudyIndexPage,
    CaseStudyOutcome,
    CaseStudyPage,
    CaseStudySource,
    ChallengeType,
    LeadOrganisationType,
    Region,
    ResourcingLevel,
    Rollout,
)
from cms.models import HomePage


def term_factory(model, prefix):
    """A factory class for any vocabulary model built on ``Term``."""
    return type(
        f"{model.__name__}Factory",
        (factory.django.DjangoModelFactory,),
        {
            "Meta": type(
                "Meta", (), {"model": model, "django_get_or_create": ("slug",)}
            ),
            "slug": factory.Sequence(lambda n: f"{prefix}-{n}"),
            "label": factory.LazyAttribute(
                lambda o: o.slug.replace("-", " ").capitalize()
            ),
            "definition": factory.LazyAttribute(lambda o: f"What {o.slug} means."),
        },
    )


ApproachFactory = term_factory(Approach, "approach")
RolloutFactory = term_factory(Rollout, "rollout")
ResourcingFactory = term_factory(ResourcingLevel, "resourcing")
ChallengeFactory = term_factory(ChallengeType, "challenge")
LeadFactory = term_factory(LeadOrganisationType, "lead")
ElementFactory = term_factory(CareElement, "element")
RegionFactory = term_factory(Region, "region")


class HomePageFactory(wagtail_factories.PageFactory):
    """The site's home page, made the default site root."""

    title = "Home"
    slug = "home"
    intro = "The network's home page."

    class Meta:
        model = HomePage


class CaseStudyIndexFactory(wagtail_factories.PageFactory):
    """The /case-studies/ index."""

    title = "Case studies"
    slug = "case-studies"

    class Meta:
        model = CaseStudyIndexPage


class CaseStudyFactory(wagtail_factories.PageFactory):
    """A published case study; pass approach=[...], challenges=[...] and so on."""

    title = factory.Sequence(lambda n: f"Area {n}")
    slug = factory.Sequence(lambda n: f"area-{n}")
    area = factory.LazyAttribute(lambda o: o.title)
    summary = factory.LazyAttribute(lambda o: f"How {o.title} did it.")
    provenance = "illustrative"

    class Meta:
        model = CaseStudyPage
        skip_postgeneration_save = True

    @factory.post_generation
    def terms(self, create, extracted, **kwargs):
        """Set many-to-many terms given as ``terms={"approach": [...], ...}``."""
        for name, values in (extracted or {}).items():
            getattr(self, name).set(values)

    @factory.post_generation
    def publish(self, create, extracted, **kwargs):
        """Publish a revision, as an editor would: this is what search indexes."""
        if create and extracted is not False:
            self.save_revision().publish()


def build_site():
    """Return (home, index) with the home page as the default site's root."""
    from wagtail.models import Site

    root = Page.get_first_root_node()
    root.get_children().filter(slug="home").delete()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    index = CaseStudyIndexFactory(parent=home)
    return home, index


def add_outcome(page, **kwargs):
    """Add an outcome row to a case study."""
    defaults = {"measure": "Emergency admissions", "method": "before-after"}
    return CaseStudyOutcome.objects.create(page=page, **{**defaults, **kwargs})


def add_source(page, **kwargs):
    """Add a source to a case study."""
    defaults = {"title": "An evaluation", "url": "https://example.org/evaluation"}
    return CaseStudySource.objects.create(page=page, **{**defaults, **kwargs})
