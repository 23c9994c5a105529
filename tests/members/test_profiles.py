"""Member profiles: what members chose to show, never an email address."""

import pytest

from .factories import approved_member, pending_member

pytestmark = pytest.mark.django_db


def test_a_profile_shows_only_the_fields_its_member_chose(client):
    member = approved_member()
    profile = member.member_profile
    profile.show_region = False
    profile.show_role = True
    profile.save()
    client.force_login(approved_member())
    response = client.get(f"/members/{member.pk}/")
    content = response.content.decode()
    assert response.status_code == 200
    assert profile.display_name in content
    assert "GP" in content
    assert "London" not in content
    assert member.email not in content


def test_no_page_shows_another_members_email(client):
    member = approved_member()
    viewer = approved_member()
    client.force_login(viewer)
    for url in ["/", f"/members/{member.pk}/", "/members/me/"]:
        assert member.email not in client.get(url).content.decode()


def test_a_pending_members_profile_is_hidden_from_others_but_not_from_them(client):
    pending = pending_member()
    client.force_login(approved_member())
    assert client.get(f"/members/{pending.pk}/").status_code == 404
    client.force_login(pending)
    response = client.get(f"/members/{pending.pk}/")
    assert response.status_code == 200
    assert b"waiting for a moderator" in response.content


def test_a_member_changes_what_their_profile_shows(client):
    member = approved_member()
    client.force_login(member)
    response = client.post(
        "/members/me/",
        {
            "display_name": "Dr Sam",
            "role": "gp",
            "organisation_type": "general-practice",
            "region": "london",
            "leadership_level": "system",
        },
    )
    assert response.status_code == 302
    profile = member.member_profile
    profile.refresh_from_db()
    assert profile.display_name == "Dr Sam"
    assert profile.leadership_level == "system"
    # Unticked boxes hide the fields.
    assert profile.shown_fields() == []


def test_a_bad_profile_form_is_shown_again_with_errors(client):
    client.force_login(approved_member())
    response = client.post("/members/me/", {"display_name": "", "role": "nope"})
    assert response.status_code == 200
    assert b"There is a problem" in response.content


def test_an_unknown_member_is_a_404_and_no_profile_is_found_by_username(client):
    member = approved_member()
    client.force_login(approved_member())
    assert client.get("/members/987654/").status_code == 404
    assert client.get(f"/members/{member.username}/").status_code == 404


def test_visitors_must_sign_in_to_see_profiles(client):
    member = approved_member()
    response = client.get(f"/members/{member.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_header_offers_the_profile_and_a_sign_out_form(client):
    client.force_login(approved_member())
    content = client.get("/members/me/").content.decode()
    assert 'href="/members/me/">Your profile' in content
    assert 'action="/accounts/logout/" method="post"' in content


def test_signing_out_works_by_posting_and_get_asks_first(client):
    member = approved_member()
    client.force_login(member)
    response = client.get("/accounts/logout/")
    assert response.status_code == 200
    assert "_auth_user_id" in client.session
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_pending_member_is_told_the_truth_about_what_they_can_read(client):
    # Pending accounts read what visitors read (issue 14); the page must not
    # promise members-only content.
    client.force_login(pending_member())
    page = client.get("/members/me/").content.decode()
    assert "waiting for a moderator" in page
    assert "not members-only forums and pages" in page
    assert "you can read members-only" not in page
