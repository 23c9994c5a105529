"""Attachment limits: size and file type, checked before anything is stored.

machina already serves attachments as downloads (Content-Disposition:
attachment) and the site sends ``X-Content-Type-Options: nosniff``; these
limits stop executable or oversized files reaching storage at all.
"""

from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.forms.models import modelformset_factory
from django.template.defaultfilters import filesizeformat
from machina.apps.forum_conversation.forum_attachments.forms import (
    AttachmentForm,
    BaseAttachmentFormset,
)
from machina.conf import settings as machina_settings
from machina.core.db.models import get_model

Attachment = get_model("forum_attachments", "Attachment")


def check_upload(upload) -> None:
    """Raise ValidationError unless ``upload`` is small enough and an allowed type."""
    allowed = settings.FORUM_ATTACHMENT_EXTENSIONS
    extension = PurePath(upload.name).suffix.lower().lstrip(".")
    if extension not in allowed:
        raise forms.ValidationError(
            f"The file must be one of these types: {', '.join(allowed)}.",
            code="file_type",
        )
    limit = settings.FORUM_ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise forms.ValidationError(
            f"The file must be smaller than {filesizeformat(limit)}.", code="file_size"
        )


class LimitedAttachmentForm(AttachmentForm):
    """machina's attachment form with our size and type limits."""

    def clean_file(self):
        """Check a newly uploaded file; keep an existing one as it is."""
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            check_upload(upload)
        return upload


LimitedAttachmentFormset = modelformset_factory(
    Attachment,
    LimitedAttachmentForm,
    formset=BaseAttachmentFormset,
    can_delete=True,
    extra=1,
    max_num=machina_settings.ATTACHMENT_MAX_FILES_PER_POST,
    validate_max=True,
)
