"""The site's URLs plus one view that fails, for error-path tests."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from ehch.urls import handler500
from ehch.urls import urlpatterns as site_urlpatterns

__all__ = ["handler500", "urlpatterns"]


class DeliberateFailure(RuntimeError):
    """What the broken view raises, so a test can find it in a report."""


def broken(request: HttpRequest) -> HttpResponse:
    """Fail the way a bug would, after logging a line inside the request."""
    raise DeliberateFailure("the broken view failed on purpose")


urlpatterns = [path("broken/", broken), *site_urlpatterns]
