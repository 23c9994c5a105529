import pytest
from django.contrib.auth.models import Group

from cms.voices import demo
from cms.voices.models import Submission, Theme, ThemeSynthesisPage
from cms.voices.roles import ensure_voice_roles
from ehch.roles import EDITORS, MODERATORS, SAFEGUARDING
from tests.casestudies.factories import build_site

pytestmark = pytest.mark.django_db


def test_the_demo_loads_illustrative_statements_for_every_theme_and_one_synthesis():
    home, _ = build_site()
    demo.load_voices(home, progress=lambda message: None)
    themes = Theme.objects.all()
    assert themes.count() == 6
    for theme in themes:
        assert Submission.objects.published().for_theme(theme).count() >= 2
    assert not Submission.objects.filter(illustrative=False).exists()
    assert ThemeSynthesisPage.objects.live().count() == 1


def test_loading_the_demo_twice_adds_nothing():
    home, _ = build_site()
    demo.load_voices(home, progress=lambda message: None)
    counts = (Submission.objects.count(), ThemeSynthesisPage.objects.count())
    demo.load_voices(home, progress=lambda message: None)
    assert (Submission.objects.count(), ThemeSynthesisPage.objects.count()) == counts


def test_roles_get_their_permissions_and_it_is_safe_to_repeat():
    ensure_voice_roles()
    ensure_voice_roles()
    perms = lambda name: set(  # noqa: E731
        Group.objects.get(name=name).permissions.values_list("codename", flat=True)
    )
    assert {"moderate_submission", "access_admin"} <= perms(MODERATORS)
    assert "view_submission" in perms(SAFEGUARDING)
    assert "moderate_submission" not in perms(SAFEGUARDING)
    assert "change_theme" in perms(EDITORS)
