"""Uploads on S3-compatible object storage (AWS_STORAGE_BUCKET_NAME), against
the real S3Proxy server `make test` starts: every file goes to the bucket,
none to local disk; images are streamed from the private bucket through
/media/; /readyz and the image view say so when the store is away. Private
documents on object storage: tests/ehch/test_media.py; forum attachments:
tests/forum/test_attachments_on_object_storage.py."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage
from PIL import Image as PILImage
from wagtail.images.models import Image

from ehch.settings.environment import default_storage_config
from ehch.storage import ObjectStorage, object_storage
from tests.object_store import bucket_keys, files_under

pytestmark = pytest.mark.django_db


def png_bytes(colour: str = "teal") -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), colour).save(buffer, "PNG")
    return buffer.getvalue()


def test_local_disk_unless_a_bucket_is_named(monkeypatch):
    monkeypatch.delenv("AWS_STORAGE_BUCKET_NAME", raising=False)
    assert default_storage_config() == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", " ehch-uploads ")
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", "https://objects.example.org:9000")
    monkeypatch.setenv("AWS_LOCATION", "/production/")
    config = default_storage_config()
    assert config["BACKEND"] == "ehch.storage.ObjectStorage"
    assert config["OPTIONS"] == {
        "bucket_name": "ehch-uploads",
        "endpoint_url": "https://objects.example.org:9000",
        "region_name": None,
        "addressing_style": "path",
        "location": "production",
    }


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("AWS_S3_ENDPOINT_URL", "objects.example.org", "AWS_S3_ENDPOINT_URL must"),
        ("AWS_S3_ENDPOINT_URL", "ftp://objects", "AWS_S3_ENDPOINT_URL must"),
        ("AWS_S3_ADDRESSING_STYLE", "sideways", "AWS_S3_ADDRESSING_STYLE must"),
    ],
)
def test_a_bad_object_storage_setting_is_named(monkeypatch, name, value, message):
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "ehch-uploads")
    monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        default_storage_config()


def test_an_image_and_its_renditions_live_in_the_bucket_and_come_through_media(
    client, object_store, settings
):
    s3, bucket = object_store
    assert isinstance(object_storage(), ObjectStorage)
    image = Image.objects.create(
        title="Falls huddle", file=ImageFile(io.BytesIO(png_bytes()), name="huddle.png")
    )
    rendition = image.get_rendition("width-20")

    keys = bucket_keys(s3, bucket)
    assert image.file.name in keys
    assert rendition.file.name in keys
    assert files_under(settings.MEDIA_ROOT) == []  # nothing on this server's disk

    for stored in (image.file, rendition.file):
        assert stored.url == f"/media/{stored.name}"  # never the bucket's address
        response = client.get(stored.url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert response["Cache-Control"] == "public, max-age=86400"
        body = b"".join(response.streaming_content)
        expected = s3.get_object(Bucket=bucket, Key=stored.name)["Body"].read()
        assert body == expected
        assert PILImage.open(io.BytesIO(body)).size[0] in (40, 20)


def test_another_server_reads_what_one_wrote(object_store, tmp_path):
    """Two app servers: separate disks, one bucket."""
    name = default_storage.save("original_images/shared.png", ContentFile(png_bytes()))
    other = ObjectStorage(**default_storage_config()["OPTIONS"])
    assert other.exists(name)
    with other.open(name) as handle:
        assert handle.read() == png_bytes()


def test_the_same_name_twice_keeps_both_files(object_store):
    first = default_storage.save("documents/plan.txt", ContentFile(b"first"))
    second = default_storage.save("documents/plan.txt", ContentFile(b"second"))
    assert first != second
    assert default_storage.open(first).read() == b"first"
    assert default_storage.open(second).read() == b"second"


@pytest.mark.parametrize(
    "path",
    [
        "documents/care-plan.txt",
        "machina/attachments/held-post.txt",
        "images/page.html",
        "images/no-such-file.png",
        "images/../documents/care-plan.txt",
    ],
)
def test_nothing_but_images_comes_out_of_the_bucket_through_media(
    client, object_store, path
):
    default_storage.save("documents/care-plan.txt", ContentFile(b"private"))
    default_storage.save("machina/attachments/held-post.txt", ContentFile(b"held"))
    default_storage.save("images/page.html", ContentFile(b"<script>1</script>"))
    assert client.get(f"/media/{path}").status_code == 404


def test_readyz_asks_the_object_store(client, object_store):
    body = client.get("/readyz").json()
    storage = body["parts"]["storage"]
    assert storage == {"state": "ok", "kind": "object", "required": True}


def unreachable_store(settings, monkeypatch) -> None:
    """Point uploads at a port nothing listens on (a store that is down)."""
    from tests.redis_server import free_port

    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", f"http://127.0.0.1:{free_port()}")
    settings.OBJECT_STORAGE_TIMEOUT = 1
    settings.STORAGES = {**settings.STORAGES, "default": default_storage_config()}


def test_readyz_says_when_the_object_store_is_down(
    client, object_store, settings, monkeypatch, caplog
):
    unreachable_store(settings, monkeypatch)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert "storage" in body["failing"]
    assert body["parts"]["storage"]["state"] == "down"
    assert body["parts"]["storage"]["kind"] == "object"
    assert "object store did not answer" in caplog.text


def test_an_image_while_the_store_is_down_is_a_plain_503_not_an_error_page(
    client, object_store, settings, monkeypatch, caplog
):
    name = default_storage.save("original_images/away.png", ContentFile(png_bytes()))
    unreachable_store(settings, monkeypatch)
    response = client.get(f"/media/{name}")
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert b"cannot be shown just now" in response.content
    assert "object storage did not give" in caplog.text


def test_the_site_on_local_disk_reports_local_storage(client):
    assert client.get("/readyz").json()["parts"]["storage"]["kind"] == "local"
