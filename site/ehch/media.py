"""Serving uploads in `make run`: Wagtail's images only, never private files.

`MEDIA_ROOT` holds Wagtail images (public by design: an image has no view
restriction), Wagtail documents (which may sit in a private collection) and
forum attachments (which follow their post's visibility). Documents and
attachments are served only through the views that check permission
(`/documents/<id>/<name>` and machina's attachment view); this view serves the
image folders and answers 404 for everything else, so a guessed
`/media/documents/...` or `/media/machina/attachments/...` reveals nothing.
In production the web server or object store does the same (README,
"Production").
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.static import serve

#: Folders under MEDIA_ROOT anyone may read: Wagtail's originals and renditions.
PUBLIC_MEDIA_FOLDERS = ("original_images/", "images/")


def is_public_media(path: str) -> bool:
    """Whether ``path`` (relative to MEDIA_ROOT) is in a public folder."""
    parts = path.replace("\\", "/").split("/")
    if any(part in ("", ".", "..") for part in parts[:-1]) or "\x00" in path:
        return False
    return path.startswith(PUBLIC_MEDIA_FOLDERS)


def public_media(request: HttpRequest, path: str) -> HttpResponse:
    """Serve a public upload when ``SERVE_MEDIA`` is on (development only)."""
    if not settings.SERVE_MEDIA or not is_public_media(path):
        raise Http404("No such file.")
    return serve(request, path, document_root=settings.MEDIA_ROOT)
