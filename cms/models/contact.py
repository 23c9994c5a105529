"""How to reach a person at the network without a computer: phone, post, email.

Editors keep these in Settings → "Contact details". Pages and emails that tell
people to get in touch show them through ``cms.contact`` rather than pointing
at a page that may say nothing; ``manage.py check`` warns while none are set.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="mail")
class ContactDetails(BaseGenericSetting):
    """The network's phone number, postal address and email address."""

    phone = models.CharField(
        "Phone number",
        max_length=40,
        blank=True,
        help_text="A number answered by a person, for example 0300 123 4567.",
    )
    phone_hours = models.CharField(
        "When the phone is answered",
        max_length=120,
        blank=True,
        help_text="For example: Monday to Friday, 9am to 5pm (not bank holidays).",
    )
    email = models.EmailField(
        "Email address",
        blank=True,
        help_text="An address a person reads, for example hello@… (not a no-reply).",
    )
    postal_address = models.TextField(
        "Postal address",
        blank=True,
        help_text="One line per line of the address. Paper forms are sent here.",
    )
    reply_time = models.CharField(
        "How soon you reply",
        max_length=120,
        blank=True,
        help_text="For example: within 10 working days.",
    )

    panels = [
        HelpPanel(
            content=(
                "These show on the About page, the residents' space, the "
                "printable paper form, the page after someone shares a view and "
                "every email that tells people to get in touch. Leave a box "
                "empty if you do not offer that way."
            )
        ),
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("phone_hours")], heading="Phone"
        ),
        FieldPanel("postal_address"),
        FieldPanel("email"),
        FieldPanel("reply_time"),
    ]

    class Meta:
        verbose_name = "contact details"
        verbose_name_plural = "contact details"

    def clean(self) -> None:  # noqa: D102
        super().clean()
        if self.phone_hours and not self.phone:
            raise ValidationError(
                {"phone": "Give the phone number, or clear the phone hours."}
            )

    @property
    def address_lines(self) -> list[str]:
        """The postal address, one stripped line per item, blanks left out."""
        lines = (line.strip() for line in self.postal_address.splitlines())
        return [line for line in lines if line]

    @property
    def is_set(self) -> bool:
        """True when at least one way to reach a person is given."""
        return bool(self.phone or self.email or self.address_lines)
