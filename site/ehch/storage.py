"""Uploads on S3-compatible object storage, so every app server sees every file.

Selected by ``AWS_STORAGE_BUCKET_NAME`` (ehch/settings/environment.py); local
disk otherwise. The bucket stays private: nothing in it has a public URL.
Images are public by design, so their URLs point at this site's ``/media/``
view, which streams them from the bucket (ehch/media.py) and a CDN may cache;
documents and forum attachments go through the views that check permission,
exactly as on local disk.
"""

from __future__ import annotations

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.core.files.storage import storages
from django.utils.deconstruct import deconstructible
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage

#: Errors that mean the object store could not be reached or refused us.
STORAGE_ERRORS = (BotoCoreError, ClientError)


@deconstructible
class ObjectStorage(S3Storage):
    """django-storages' S3 backend with the site's rules.

    - A second upload with the same name gets a new name, as on local disk
      (S3's default would overwrite another member's file).
    - No ACL is sent: the bucket's own policy (private) applies, and stores
      that refuse ACLs still accept the upload.
    - Short timeouts and a few retries (``OBJECT_STORAGE_TIMEOUT``), so a slow
      store fails a request in seconds rather than holding a server worker.
    """

    file_overwrite = False
    default_acl = None

    def __init__(self, **options) -> None:
        super().__init__(**options)
        timeout = settings.OBJECT_STORAGE_TIMEOUT
        self.client_config = self.client_config.merge(
            Config(
                connect_timeout=timeout,
                read_timeout=timeout,
                retries={"max_attempts": 3, "mode": "standard"},
            )
        )

    def url(self, name: str, parameters=None, expire=None, http_method=None) -> str:
        """This site's /media/ address: the bucket itself is never public."""
        return settings.MEDIA_URL + filepath_to_uri(name)

    def round_trip(self) -> None:
        """Ask the store for the bucket; raise one of STORAGE_ERRORS if it fails."""
        self.connection.meta.client.head_bucket(Bucket=self.bucket_name)


def object_storage() -> ObjectStorage | None:
    """The object store uploads go to, or None when they go to local disk."""
    backend = storages["default"]
    return backend if isinstance(backend, ObjectStorage) else None
