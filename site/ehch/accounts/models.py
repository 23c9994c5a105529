"""A member's profile: who they are in the network and what others may see.

The account itself (email, password) is Django's user, managed by allauth.
Approval is membership of the ``Members`` group (see ``ehch.roles``); the
profile's status records the decision, who made it and when.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ehch.accounts.names import validate_display_name


class Role(models.TextChoices):
    """The member's job or relationship to care homes."""

    CARE_HOME_MANAGER = "care-home-manager", "Care home manager"
    CARE_HOME_STAFF = "care-home-staff", "Care home staff"
    GP = "gp", "GP"
    PRIMARY_CARE = "primary-care", "Practice nurse or primary care staff"
    COMMUNITY = "community", "Community health professional"
    HOSPITAL = "hospital", "Hospital clinician"
    COMMISSIONER = "commissioner", "Commissioner"
    LOCAL_AUTHORITY = "local-authority", "Local authority officer"
    VOLUNTARY = "voluntary", "Voluntary sector"
    RESIDENT_FAMILY = "resident-family", "Resident or family member"
    OTHER = "other", "Other"


class OrganisationType(models.TextChoices):
    """The kind of organisation the member works for, if any."""

    CARE_HOME = "care-home", "Care home"
    GENERAL_PRACTICE = "general-practice", "General practice or primary care network"
    COMMUNITY = "community", "Community health services"
    HOSPITAL = "hospital", "Hospital trust"
    COMMISSIONER = "commissioner", "Integrated care board or commissioner"
    LOCAL_AUTHORITY = "local-authority", "Local authority"
    VOLUNTARY = "voluntary", "Voluntary or community organisation"
    NONE = "none", "None (resident, family member or carer)"
    OTHER = "other", "Other"


class Region(models.TextChoices):
    """NHS England's seven regions (slugs match the case-study vocabulary)."""

    NORTH_EAST_YORKSHIRE = "north-east-yorkshire", "North East and Yorkshire"
    NORTH_WEST = "north-west", "North West"
    MIDLANDS = "midlands", "Midlands"
    EAST_OF_ENGLAND = "east-of-england", "East of England"
    LONDON = "london", "London"
    SOUTH_EAST = "south-east", "South East"
    SOUTH_WEST = "south-west", "South West"


class LeadershipLevel(models.TextChoices):
    """Where the member leads from."""

    FRONT_LINE = "front-line", "Front line"
    SERVICE = "service", "Service"
    SYSTEM = "system", "System"


class Status(models.TextChoices):
    """Where the member's application stands."""

    PENDING = "pending", "Waiting for approval"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Not approved"


class MemberProfileQuerySet(models.QuerySet):
    """Queries over member profiles."""

    def pending(self) -> MemberProfileQuerySet:
        """Profiles waiting for a moderator's decision, oldest first."""
        return self.filter(status=Status.PENDING).order_by("created_at")

    def approved(self) -> MemberProfileQuerySet:
        """Profiles of approved members."""
        return self.filter(status=Status.APPROVED)

    def visible(self) -> MemberProfileQuerySet:
        """Profiles other members may open: approved and with an active account."""
        return self.approved().filter(user__is_active=True)


class MemberProfile(models.Model):
    """What the network knows about a member, and what they let others see."""

    # Fields a member may show or hide on their public profile, with labels.
    SHOWABLE = {
        "role": "Role",
        "organisation_type": "Organisation type",
        "region": "NHS England region",
        "leadership_level": "Leadership level",
    }

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="member_profile",
    )
    display_name = models.CharField(
        max_length=120,
        help_text="The name other members see. Never an email address.",
        validators=[validate_display_name],
    )
    role = models.CharField(max_length=40, choices=Role.choices)
    organisation_type = models.CharField(
        max_length=40, choices=OrganisationType.choices
    )
    region = models.CharField(
        "NHS England region", max_length=40, choices=Region.choices
    )
    leadership_level = models.CharField(max_length=20, choices=LeadershipLevel.choices)
    show_role = models.BooleanField("Show my role", default=True)
    show_organisation_type = models.BooleanField(
        "Show my organisation type", default=True
    )
    show_region = models.BooleanField("Show my region", default=True)
    show_leadership_level = models.BooleanField(
        "Show my leadership level", default=True
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The moderator who approved or rejected this member.",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True)
    approved_domain = models.CharField(
        max_length=253,
        blank=True,
        help_text="The approved email domain that made this person a member "
        "without a moderator's decision, if any.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MemberProfileQuerySet.as_manager()

    class Meta:
        ordering = ["display_name"]
        verbose_name = "member profile"
        permissions = [("moderate_members", "Can approve or reject new members")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="pending")
                | models.Q(decided_at__isnull=False),
                name="member_profile_decision_has_a_time",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def is_pending(self) -> bool:
        """True while the member waits for a decision."""
        return self.status == Status.PENDING

    def shown_fields(self) -> list[tuple[str, str]]:
        """The (label, value) pairs the member chose to show others."""
        return [
            (label, getattr(self, f"get_{name}_display")())
            for name, label in self.SHOWABLE.items()
            if getattr(self, f"show_{name}")
        ]


def validate_email_domain(value: str) -> None:
    """A bare domain name such as ``nhs.net``: no ``@``, no scheme, a dot in it."""
    from django.core.exceptions import ValidationError
    from django.core.validators import DomainNameValidator

    if "@" in value or "/" in value or "." not in value.strip("."):
        raise ValidationError(
            "Enter a domain name only, such as nhs.net: the part after the @"
        )
    DomainNameValidator(
        accept_idna=False, message="Enter a domain name only, such as nhs.net"
    )(value)


class ApprovedEmailDomainQuerySet(models.QuerySet):
    """Queries over the approved email domains."""

    def matching(self, email: str) -> ApprovedEmailDomain | None:
        """The entry that approves ``email``'s domain, the most specific first."""
        domain = email.rpartition("@")[2].strip().lower().rstrip(".")
        if not domain:
            return None
        labels = domain.split(".")
        parents = [".".join(labels[i:]) for i in range(1, len(labels))]
        candidates = self.filter(
            models.Q(domain=domain)
            | models.Q(domain__in=parents, include_subdomains=True)
        )
        return max(candidates, key=lambda entry: len(entry.domain), default=None)


class ApprovedEmailDomain(models.Model):
    """An email domain whose verified addresses are members at once.

    Editors keep this list. Someone who signs up with an address at one of
    these domains, and has shown the address is theirs (the link we email, or
    an organisation sign-in that vouches for it), is approved without waiting
    for a moderator; the profile records the domain.
    """

    domain = models.CharField(
        max_length=253,
        unique=True,
        validators=[validate_email_domain],
        help_text="The part of the address after the @, such as nhs.net.",
    )
    include_subdomains = models.BooleanField(
        "Include its subdomains",
        default=False,
        help_text="Tick to approve addresses such as name@trust.nhs.uk when the "
        "domain is nhs.uk. Only for domains whose subdomains all belong to "
        "organisations you trust.",
    )
    organisation = models.CharField(
        max_length=200,
        help_text="Who uses these addresses, for example “NHS mail”.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ApprovedEmailDomainQuerySet.as_manager()

    class Meta:
        ordering = ["domain"]
        verbose_name = "approved email domain"

    def __str__(self) -> str:
        return f"{'*.' if self.include_subdomains else ''}{self.domain}"

    def save(self, *args, **kwargs) -> None:
        """Keep the domain in lower case without a trailing dot."""
        self.domain = self.domain.strip().lower().rstrip(".")
        super().save(*args, **kwargs)
