"""Sign-up and the admin do not tell anyone which accounts exist."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from .factories import UserFactory, administrator
from .test_signup_journey import SIGNUP

pytestmark = pytest.mark.django_db


def _sign_up(client, **changes):
    return client.post("/accounts/signup/", {**SIGNUP, **changes})


def test_a_name_someone_has_is_not_reported_and_each_account_gets_its_own_username(
    client,
):
    UserFactory(username="priya_from_oak_house", email="first-priya@example.org")
    fresh = _sign_up(client, display_name="Someone New", email="new@example.org")
    client.logout()
    taken = _sign_up(client)  # the same shown name as the first account's username
    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"]
    assert b"already" not in taken.content
    newcomer = get_user_model().objects.get(email="priya@example.org")
    assert newcomer.username.lower() != "priya_from_oak_house"
    assert newcomer.username.lower().startswith("priya_from_oak_house")
    assert newcomer.member_profile.display_name == "Priya from Oak House"


def test_an_address_already_signed_up_is_not_reported(client):
    UserFactory(username="first", email="priya@example.org")
    response = _sign_up(client, display_name="Second Priya")
    assert response.status_code == 302
    assert b"already" not in response.content
    accounts = get_user_model().objects.filter(email__iexact="priya@example.org")
    assert accounts.count() == 1


def test_a_name_the_site_uses_is_refused_whoever_has_an_account(client):
    response = _sign_up(client, display_name="Former member")
    assert response.status_code == 200
    assert b"this one is used by the site" in response.content
    assert not get_user_model().objects.filter(email="priya@example.org").exists()


def test_the_admin_shows_no_gravatar_images(client):
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    user = administrator()
    client.force_login(user)
    for url in ["/admin/", "/admin/users/", f"/admin/users/edit/{user.pk}/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"gravatar" not in response.content.lower(), url
