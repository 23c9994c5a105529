"""Document upload limits, the vocabulary admin and the demo guidance content."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from wagtail.documents.models import Document

from cms.models import (
    Audience,
    GuidancePage,
    LeadershipLevel,
    LeadershipResourcePage,
    Topic,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    user = get_user_model().objects.create_superuser(
        username="admin", email="admin@example.org", password="x" * 12
    )
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "name", ["page.html", "tool.exe", "script.js", "image.svg", "macro.docm"]
)
def test_unsafe_document_types_are_refused(admin_client, name):
    upload = SimpleUploadedFile(name, b"<script>alert(1)</script>")
    response = admin_client.post(
        reverse("wagtaildocs:add"), {"title": "Bad", "file": upload}
    )
    assert response.status_code == 200  # the form is shown again with the error
    errors = " ".join(response.context["form"].errors["file"])
    assert "extension" in errors.lower()
    assert not Document.objects.exists()


def test_oversized_documents_are_refused(admin_client, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    upload = SimpleUploadedFile("big.pdf", b"%PDF-1.4" + b"x" * 2048)
    response = admin_client.post(
        reverse("wagtaildocs:add"), {"title": "Big", "file": upload}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not Document.objects.exists()


def test_a_safe_document_is_accepted(admin_client):
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 small")
    admin_client.post(reverse("wagtaildocs:add"), {"title": "Plan", "file": upload})
    assert Document.objects.filter(title="Plan").exists()


def test_guidance_terms_are_editable_in_one_admin_menu(admin_client):
    response = admin_client.get("/admin/")
    assert "Guidance terms" in response.content.decode()
    for model in (Audience, Topic, LeadershipLevel):
        url = reverse(f"wagtailsnippets_cms_{model._meta.model_name}:list")
        assert admin_client.get(url).status_code == 200


def test_demo_loads_guidance_resources_and_vocabularies_once(client):
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)
    assert set(GuidancePage.objects.live().values_list("slug", flat=True)) == {
        "how-to-start",
        "building-relationships-and-trust",
        "engaging-gps-and-hospitals",
        "measuring-impact",
        "workforce-development",
        "information-sharing",
    }
    levels = {
        level.slug
        for page in LeadershipResourcePage.objects.live()
        for level in page.levels.all()
    }
    assert levels == {"front-line", "service", "system"}
    assert Audience.objects.count() == 6
    for page in GuidancePage.objects.all():
        assert page.audiences.exists() and page.topics.exists()
    home = client.get("/").content.decode()
    assert "How to start" in home or "Workforce development" in home
    assert "No case studies yet" not in home
    assert client.get("/guidance/how-to-start/").status_code == 200
    assert client.get("/leadership/").status_code == 200
