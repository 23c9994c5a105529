"""Uploads: only Wagtail's images are served from /media/; the rest need a view
that checks permission (a private collection's documents, forum attachments)."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction

from ehch.media import is_public_media
from ehch.storage import object_storage
from tests.object_store import files_under

pytestmark = pytest.mark.django_db


@pytest.fixture
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    settings.SERVE_MEDIA = True
    for relative in (
        "original_images/photo.png",
        "images/photo.width-400.png",
        "documents/care-plan.pdf",
        "machina/attachments/held-post.pdf",
        "voices/original.txt",
    ):
        target = tmp_path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"file " + relative.encode())
    return tmp_path


@pytest.mark.parametrize(
    "path", ["original_images/photo.png", "images/photo.width-400.png"]
)
def test_wagtail_images_are_served_from_media(client, media_root, path):
    response = client.get(f"/media/{path}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"file " + path.encode()


@pytest.mark.parametrize(
    "path",
    [
        "documents/care-plan.pdf",
        "machina/attachments/held-post.pdf",
        "voices/original.txt",
        "images/../documents/care-plan.pdf",
        "images/%2e%2e/documents/care-plan.pdf",
        "images//..//documents/care-plan.pdf",
        "",
        "images/",
        "images/no-such-file.png",
        "images/\x00.png",
    ],
)
def test_nothing_else_under_media_is_served(client, media_root, path):
    assert client.get(f"/media/{path}").status_code == 404


def test_media_is_not_served_unless_switched_on(client, media_root, settings):
    settings.SERVE_MEDIA = False
    assert client.get("/media/original_images/photo.png").status_code == 404


def test_only_the_image_folders_count_as_public():
    assert is_public_media("images/a.png")
    assert is_public_media("original_images/sub/a.png")
    assert not is_public_media("documents/a.pdf")
    assert not is_public_media("images/../documents/a.pdf")
    assert not is_public_media("imagesx/a.png")


@pytest.mark.parametrize("storage", ["disk", "bucket"])
def test_a_private_collections_document_needs_its_group(
    client, django_user_model, request, storage
):
    """The same rule on local disk and on object storage (conftest's object_store)."""
    request.getfixturevalue("media_root" if storage == "disk" else "object_store")
    root = Collection.get_first_root_node()
    private = root.add_child(name="Safeguarding leads only")
    group = Group.objects.create(name="Safeguarding leads")
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(group)
    document = Document.objects.create(
        title="Concern log", collection=private, file=ContentFile(b"secret", "log.txt")
    )
    store = object_storage()
    if storage == "bucket":
        assert store is not None and store.exists(document.file.name)
        assert files_under(settings.MEDIA_ROOT) == []
    else:
        assert store is None
    url = document.url

    response = client.get(url)
    assert response.status_code == 302  # to sign in
    assert client.get(f"/media/{document.file.name}").status_code == 404

    outsider = django_user_model.objects.create_user("outsider", password="x")
    client.force_login(outsider)
    assert client.get(url).status_code in (302, 403)

    insider = django_user_model.objects.create_user("insider", password="x")
    insider.groups.add(group)
    client.force_login(insider)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"secret"
