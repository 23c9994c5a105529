"""Every door that can create a session applies the same sign-in policy."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from .factories import PASSWORD, UserFactory, administrator, approved_member, editor

pytestmark = pytest.mark.django_db

MEMBERS = "/accounts/login/"
WAGTAIL_ADMIN = "/admin/login/"
DJANGO_ADMIN = "/django-admin/login/"
PRIVATE_PAGE = "/_util/login/"
ADMIN_DOORS = [WAGTAIL_ADMIN, DJANGO_ADMIN]
EVERY_DOOR = [MEMBERS, *ADMIN_DOORS, PRIVATE_PAGE]


def _post(client, url, login, password=PASSWORD):
    field = "login" if url == MEMBERS else "username"
    return client.post(url, {field: login, "password": password})


def _has_session(client) -> bool:
    return "_auth_user_id" in client.session


def _squatter(**extra):
    """An account signed up with someone else's address, never confirmed."""
    user = UserFactory(email="victim@nhs.example", **extra)
    EmailAddress.objects.filter(user=user).update(verified=False)
    return user


@pytest.mark.parametrize("url", EVERY_DOOR)
@pytest.mark.parametrize("identifier", ["email", "username"])
def test_an_unverified_address_gets_no_session_through_any_door(
    client, url, identifier
):
    user = _squatter(is_staff=True, is_superuser=True)  # even as staff
    response = _post(client, url, getattr(user, identifier))
    assert response.status_code in {200, 302}
    assert not _has_session(client), url
    assert client.get("/members/me/").status_code == 302  # not signed in


@pytest.mark.parametrize("url", ADMIN_DOORS)
def test_the_admin_doors_say_plainly_why_an_unverified_account_is_refused(client, url):
    user = _squatter(is_staff=True, is_superuser=True)
    response = _post(client, url, user.username)
    assert response.status_code == 200
    assert "You need to confirm your email address" in response.content.decode()


def test_the_members_door_sends_an_unverified_account_a_new_link_not_a_session(
    client,
):
    user = _squatter()
    response = _post(client, MEMBERS, user.email)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert not _has_session(client)
    assert [m.to for m in mail.outbox] == [["victim@nhs.example"]]


@pytest.mark.parametrize("url", ADMIN_DOORS)
def test_an_ordinary_member_is_refused_at_the_admin_doors_with_no_session(client, url):
    member = approved_member()
    response = _post(client, url, member.username)
    assert response.status_code == 200
    assert "This sign-in is for staff" in response.content.decode()
    assert not _has_session(client)


def test_an_editor_signs_in_to_wagtail_but_not_to_django_admin(client):
    user = editor()
    assert _post(client, DJANGO_ADMIN, user.username).status_code == 200
    assert not _has_session(client)
    response = _post(client, WAGTAIL_ADMIN, user.username)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.parametrize("url", ADMIN_DOORS)
def test_staff_sign_in_at_the_admin_doors_by_username_or_email(client, url):
    user = administrator()
    for login in [user.username, user.email]:
        client.logout()
        assert _post(client, url, login).status_code == 302, login
        assert client.session["_auth_user_id"] == str(user.pk)


def test_a_member_signs_in_at_the_members_door(client):
    member = approved_member()
    assert _post(client, MEMBERS, member.email.upper()).status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


def test_the_private_page_sign_in_sends_people_to_ours_keeping_next(client):
    response = client.get(PRIVATE_PAGE, {"next": "/guidance/private/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fguidance%2Fprivate%2F"
    # A password posted there is never checked and makes no session.
    member = approved_member()
    response = _post(client, PRIVATE_PAGE, member.username)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert not _has_session(client)
    # Another site's address is dropped from next.
    response = client.get(PRIVATE_PAGE, {"next": "https://evil.example/"})
    assert response["Location"] == "/accounts/login/"


def test_a_restricted_page_sends_visitors_to_our_sign_in(client):
    from wagtail.models import PageViewRestriction

    from tests.cms.factories import GuidancePageFactory, build_cms_site

    _home, guidance, _leadership = build_cms_site()
    page = GuidancePageFactory(parent=guidance)
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(page.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
