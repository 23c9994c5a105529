"""Sign-up and the admin do not tell anyone which accounts exist."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from .factories import UserFactory, administrator
from .test_signup_journey import SIGNUP

pytestmark = pytest.mark.django_db


def _sign_up(client, **changes):
    return client.post("/accounts/signup/", {**SIGNUP, **changes})


def test_a_taken_username_is_not_reported_and_the_new_account_gets_a_free_one(client):
    UserFactory(username="priya", email="the-first-priya@example.org")
    fresh = _sign_up(client, username="someone-new", email="new@example.org")
    client.logout()
    taken = _sign_up(client, username="PRIYA")
    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"]
    assert b"already exists" not in taken.content
    newcomer = get_user_model().objects.get(email="priya@example.org")
    assert newcomer.username.lower() != "priya"
    assert newcomer.username.lower().startswith("priya")


def test_an_address_already_signed_up_is_not_reported(client):
    UserFactory(username="first", email="priya@example.org")
    response = _sign_up(client, username="second")
    assert response.status_code == 302
    assert b"already" not in response.content
    assert not get_user_model().objects.filter(username="second").exists()


def test_other_sign_up_errors_about_the_username_still_show(client):
    response = _sign_up(client, username="admin")
    assert response.status_code == 200
    assert not get_user_model().objects.filter(email="priya@example.org").exists()


def test_the_admin_shows_no_gravatar_images(client):
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    user = administrator()
    client.force_login(user)
    for url in ["/admin/", "/admin/users/", f"/admin/users/edit/{user.pk}/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"gravatar" not in response.content.lower(), url
