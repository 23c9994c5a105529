"""Factories for the residents' space."""

import factory

from cms.voices import references
from cms.voices.models import Submission, SubmissionContact, Theme


class ThemeFactory(factory.django.DjangoModelFactory):
    """A theme people can tick."""

    slug = factory.Sequence(lambda n: f"theme-{n}")
    label = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").capitalize())
    definition = factory.LazyAttribute(lambda o: f"What {o.slug} means.")
    symbol = "ear"

    class Meta:
        model = Theme
        django_get_or_create = ("slug",)


class SubmissionFactory(factory.django.DjangoModelFactory):
    """A shared view waiting for a moderator (consent given)."""

    reference = factory.LazyFunction(references.new_reference)
    sharer_role = "resident"
    text = factory.Sequence(
        lambda n: f"Good care is a cup of tea and a chat, number {n}."
    )
    original_text = factory.LazyAttribute(lambda o: o.text)
    consent_to_publish = True

    class Meta:
        model = Submission
        skip_postgeneration_save = True

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        """Pass ``themes=[...]``."""
        if extracted:
            self.themes.set(extracted)


class ContactFactory(factory.django.DjangoModelFactory):
    """Contact details for a submission."""

    submission = factory.SubFactory(SubmissionFactory)
    name = "Edith Contactperson"
    email = "edith.contact@example.org"
    phone = "07700 900123"

    class Meta:
        model = SubmissionContact
