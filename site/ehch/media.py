"""Serving uploads in `make run`: Wagtail's images only, never private files.

`MEDIA_ROOT` holds Wagtail images (public by design: an image has no view
restriction), Wagtail documents (which may sit in a private collection) and
forum attachments (which follow their post's visibility). Documents and
attachments are served only through the views that check permission
(`/documents/<id>/<name>` and machina's attachment view); this view serves the
image folders and answers 404 for everything else, so a guessed
`/media/documents/...` or `/media/machina/attachments/...` reveals nothing.
In production the web server does the same for local disk (README,
"Production"); on object storage the bucket is private and this view streams
the images from it, with a Cache-Control a CDN may honour.
"""

from __future__ import annotations

import logging
import mimetypes

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.static import serve

from ehch.storage import STORAGE_ERRORS, ObjectStorage, object_storage

logger = logging.getLogger(__name__)

#: Folders under MEDIA_ROOT anyone may read: Wagtail's originals and renditions.
PUBLIC_MEDIA_FOLDERS = ("original_images/", "images/")


def is_public_media(path: str) -> bool:
    """Whether ``path`` (relative to MEDIA_ROOT) is in a public folder."""
    parts = path.replace("\\", "/").split("/")
    if any(part in ("", ".", "..") for part in parts[:-1]) or "\x00" in path:
        return False
    return path.startswith(PUBLIC_MEDIA_FOLDERS)


#: How long a browser or CDN may keep an image: Wagtail gives a replaced image
#: and each rendition a new file name, so a name's bytes do not change.
IMAGE_MAX_AGE = 24 * 3600


def public_media(request: HttpRequest, path: str) -> HttpResponse:
    """Serve a public upload (an image), or answer 404.

    From the bucket on object storage; from local disk when ``SERVE_MEDIA`` is
    on (development only).
    """
    if not is_public_media(path):
        raise Http404("No such file.")
    store = object_storage()
    if store is not None:
        return _from_object_storage(store, path)
    if not settings.SERVE_MEDIA:
        raise Http404("No such file.")
    return serve(request, path, document_root=settings.MEDIA_ROOT)


def _from_object_storage(store: ObjectStorage, path: str) -> HttpResponse:
    content_type, _ = mimetypes.guess_type(path)
    if not content_type or not content_type.startswith("image/"):
        # The image folders hold images only; anything else is not served.
        raise Http404("No such file.")
    try:
        handle = store.open(path)
        size = handle.size  # asks the store: a missing object fails here
    except FileNotFoundError:
        raise Http404("No such file.") from None
    except STORAGE_ERRORS as exc:
        if getattr(exc, "response", {}).get("Error", {}).get("Code") in NOT_FOUND:
            raise Http404("No such file.") from None
        logger.error("object storage did not give %s: %s", path, exc)
        response = HttpResponse(
            "This image cannot be shown just now. Please try again in a few minutes.",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = "60"
        return response
    response = FileResponse(handle, content_type=content_type)
    response["Content-Length"] = str(size)
    response["Cache-Control"] = f"public, max-age={IMAGE_MAX_AGE}"
    # Opened on its own, an image (an SVG, say) can run nothing.
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


#: Error codes S3-compatible stores give for a name that holds nothing.
NOT_FOUND = {"404", "NoSuchKey", "NotFound"}
