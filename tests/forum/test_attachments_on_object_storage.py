"""Forum attachments on object storage: a file kept at preview is stored in the
bucket on submit (never on this server's disk) and still downloads only
through machina's permission-checked view, as an attachment with a safe type."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from machina.core.db.models import get_model

from tests.object_store import bucket_keys, files_under

from .conftest import PUBLIC, new_topic_url, topic_form_data

Attachment = get_model("forum_attachments", "Attachment")

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 falls plan for the night staff"


def test_an_attachment_kept_at_preview_is_stored_in_the_bucket_and_downloads(
    client, forums, member, no_hold, object_store, settings
):
    s3, bucket = object_store
    client.force_login(member)
    url = new_topic_url(forums[PUBLIC])
    data = topic_form_data("Night falls plan", "Our plan, attached.")
    preview = client.post(
        url,
        {
            **data,
            "preview": "1",
            "attachment-TOTAL_FORMS": "1",
            "attachment-0-file": SimpleUploadedFile(
                "falls-plan.pdf", PDF, "application/pdf"
            ),
            "attachment-0-comment": "",
        },
    )
    assert preview.status_code == 200
    assert not Attachment.objects.exists()  # a preview stores nothing yet

    submitted = client.post(
        url, {**data, "attachment-TOTAL_FORMS": "1", "attachment-0-comment": ""}
    )
    assert submitted.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.file.name in bucket_keys(s3, bucket)
    assert files_under(settings.MEDIA_ROOT) == []
    stored = s3.get_object(Bucket=bucket, Key=attachment.file.name)["Body"].read()
    assert stored == PDF

    download_url = reverse(
        "forum_conversation:attachment", kwargs={"pk": attachment.pk}
    )
    assert client.get(f"/media/{attachment.file.name}").status_code == 404
    download = client.get(download_url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download) == PDF

    client.logout()  # anonymous readers may read the forum, not download
    assert client.get(download_url).status_code in (302, 403)
