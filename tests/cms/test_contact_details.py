"""A way to reach a person: editor-managed contact details (issue 15, item 5).

Phone, postal address and email live in Settings → Contact details. They show
on the About page and the accessibility statement (a "Contact details" block),
the residents' space, the printable paper form, the page after sharing a view,
the withdraw page ("Lost your code?"), the closed-account page and the
rejection email. While none are set, those places say so and
``manage.py check`` warns (cms.W001).
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.checks import run_checks
from django.test import Client
from django.urls import reverse

from cms.demo import ensure_standard_pages
from cms.models import ContactDetails
from cms.voices.models import Theme
from ehch.accounts.membership import reject_member
from tests.members.factories import editor, moderator, pending_member

pytestmark = pytest.mark.django_db

PHONE = "01632 960123"
ADDRESS = "EHCH Learning Network\nFreepost RTKX-ABCD\nLeeds\nLS1 4AP"
NOT_SET = "We have not published a phone number, postal address or email address yet."

VOICES_PAGES = (
    "voices:index",
    "voices:paper_form",
    "voices:share_done",
    "voices:withdraw",
)


@pytest.fixture
def contact():
    return ContactDetails.objects.create(
        phone=PHONE,
        phone_hours="Monday to Friday, 9am to 5pm",
        postal_address=ADDRESS,
        email="hello@network.example.org",
        reply_time="within 10 working days",
    )


@pytest.fixture
def standard_pages(settings):
    settings.PAGE_CACHE_SECONDS = 300
    ensure_standard_pages()


def _text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_the_check_warns_until_contact_details_are_set():
    ids = [m.id for m in run_checks()]
    assert "cms.W001" in ids
    ContactDetails.objects.create()  # an empty row is still "not set"
    assert "cms.W001" in [m.id for m in run_checks()]
    ContactDetails.objects.update(postal_address="Freepost EHCH")
    assert "cms.W001" not in [m.id for m in run_checks()]


@pytest.mark.parametrize("path", ["/about/", "/accessibility/"])
def test_about_and_accessibility_show_every_way_to_reach_us(
    client, standard_pages, contact, path
):
    html = _text(client.get(path))
    assert PHONE in html
    assert 'href="tel:01632960123"' in html
    assert "Monday to Friday, 9am to 5pm" in html
    assert "Freepost RTKX-ABCD<br>Leeds" in html
    assert "mailto:hello@network.example.org" in html
    assert "We reply within 10 working days." in html
    assert NOT_SET not in html


@pytest.mark.parametrize("name", VOICES_PAGES)
def test_the_residents_pages_show_the_contact_details(client, contact, name):
    html = _text(client.get(reverse(name)))
    assert PHONE in html
    assert "Freepost RTKX-ABCD" in html


@pytest.mark.parametrize("name", VOICES_PAGES)
def test_without_contact_details_the_pages_say_none_are_published(client, name):
    html = _text(client.get(reverse(name)))
    assert NOT_SET in html
    assert "tel:" not in html


def test_only_the_ways_given_are_shown(client):
    ContactDetails.objects.create(phone=PHONE)
    html = _text(client.get(reverse("voices:withdraw")))
    assert PHONE in html
    assert "<address>" not in html
    assert "mailto:" not in html


def test_the_paper_form_asks_the_share_forms_questions(client, contact):
    theme = Theme.objects.create(slug="being-listened-to", label="Being listened to")
    html = _text(client.get(reverse("voices:paper_form")))
    for question in (
        "Who is sharing?",
        "What does good care look like to you?",
        "What is it about?",
        "Which part of England?",
        "You can put my view on this website without my name",
    ):
        assert question in html
    assert "I am a family member or friend" in html
    assert theme.label in html
    assert "Where to send it" in html
    assert "Freepost RTKX-ABCD" in html


def test_the_residents_space_and_share_form_link_to_the_paper_form(client):
    paper = reverse("voices:paper_form")
    assert f'href="{paper}"' in _text(client.get(reverse("voices:index")))
    assert f'href="{paper}"' in _text(client.get(reverse("voices:share")))


def test_the_rejection_email_gives_the_contact_details(
    contact, django_capture_on_commit_callbacks
):
    profile = pending_member().member_profile
    with django_capture_on_commit_callbacks(execute=True):
        reject_member(profile, moderator(), "We could not confirm your organisation.")
    (email,) = [m for m in mail.outbox if m.to == [profile.user.email]]
    assert PHONE in email.body
    assert "Freepost RTKX-ABCD, Leeds, LS1 4AP" in email.body
    assert "&#x27;" not in email.body and "&amp;" not in email.body


def test_the_rejection_email_says_when_none_are_published(
    django_capture_on_commit_callbacks,
):
    profile = pending_member().member_profile
    with django_capture_on_commit_callbacks(execute=True):
        reject_member(profile, moderator(), "We could not confirm your organisation.")
    (email,) = [m for m in mail.outbox if m.to == [profile.user.email]]
    assert NOT_SET in email.body


def test_a_change_shows_at_once_on_cached_pages(standard_pages, contact):
    visitor = Client()
    assert PHONE in _text(visitor.get("/about/"))
    assert PHONE in _text(visitor.get("/about/"))  # now from the page cache
    contact.phone = "01632 960999"
    contact.save()
    html = _text(visitor.get("/about/"))
    assert "01632 960999" in html
    assert PHONE not in html


def test_phone_hours_need_a_phone_number():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        ContactDetails(phone_hours="Weekdays").full_clean()
    assert "Give the phone number" in str(error.value)


def test_an_editor_changes_them_in_the_wagtail_admin(client, standard_pages):
    from wagtail.models import Page

    from cms.editorial import setup_editorial

    setup_editorial(Page.objects.get(depth=2))
    client.force_login(editor())
    page = client.get(
        reverse("wagtailsettings:edit", args=["cms", "contactdetails"]), follow=True
    )
    assert page.status_code == 200
    assert "Phone number" in page.content.decode()
    url = page.redirect_chain[-1][0]  # the settings row's own address
    response = client.post(
        url,
        {
            "phone": PHONE,
            "phone_hours": "",
            "postal_address": ADDRESS,
            "email": "",
            "reply_time": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ContactDetails.load().phone == PHONE
    assert PHONE in _text(Client().get("/about/"))


def test_showing_unset_details_writes_nothing_so_the_page_stays_cached(
    client, settings
):
    settings.PAGE_CACHE_SECONDS = 300
    client.get(reverse("voices:index"))
    assert ContactDetails.objects.count() == 0
    assert client.get(reverse("voices:index"))["X-Page-Cache"] == "hit"
