from cms.models.contact import ContactDetails
from cms.models.pages import (
    GuidanceIndexPage,
    GuidancePage,
    HomePage,
    HomePageFeaturedCaseStudy,
    LeadershipResourceIndexPage,
    LeadershipResourcePage,
    ResourceKind,
    StandardPage,
    TaggedPageQuerySet,
)
from cms.models.snippets import (
    GUIDANCE_VOCABULARIES,
    Audience,
    LeadershipLevel,
    Topic,
)

__all__ = [
    "GUIDANCE_VOCABULARIES",
    "Audience",
    "ContactDetails",
    "GuidanceIndexPage",
    "GuidancePage",
    "HomePage",
    "HomePageFeaturedCaseStudy",
    "LeadershipLevel",
    "LeadershipResourceIndexPage",
    "LeadershipResourcePage",
    "ResourceKind",
    "StandardPage",
    "TaggedPageQuerySet",
    "Topic",
]
