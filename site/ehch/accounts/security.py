"""Security glue: axes' backend and a CSP scoped by URL.

What axes counts (the account, whichever identifier was typed) and how it
locks are in ``ehch.accounts.lockout``.
"""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


class ScopedCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with a looser policy for the admin sites only.

    Wagtail's admin still renders a few inline scripts (inline panels, date
    choosers) and sets inline styles, and previews pages in a same-origin
    frame. Those allowances apply under ``CSP_ADMIN_PREFIXES`` and nowhere
    else: every public page keeps the strict policy from settings.
    """

    def get_policy_parts(
        self,
        request: HttpRequest,
        response: HttpResponseBase,
        report_only: bool = False,
    ) -> PolicyParts:
        """Replace the admin's directives when the request is for an admin page."""
        parts = super().get_policy_parts(request, response, report_only)
        if getattr(request, "is_dummy", False):
            # Wagtail renders a preview by sending a made-up request for the
            # page's public URL through the middleware, then shows it in a
            # frame of the editor: that response alone may be framed by the
            # site itself. The rest of the public policy stays as it is.
            parts.replace = {**(parts.replace or {}), "frame-ancestors": ["'self'"]}
            return parts
        prefixes = tuple(getattr(settings, "CSP_ADMIN_PREFIXES", ()))
        if not report_only and prefixes and request.path_info.startswith(prefixes):
            # A view's own csp_replace still wins over the admin allowances.
            parts.replace = {
                **getattr(settings, "CSP_ADMIN_DIRECTIVES", {}),
                **(parts.replace or {}),
            }
        return parts


class AxesBackend(AxesStandaloneBackend):
    """axes' lockout check, for authentication that comes through a request.

    Logins without a request (the test client's ``login()``, management
    commands) have no address to lock and no attacker on the other end, so
    they pass straight to the next backend instead of raising.
    """

    def authenticate(self, request: HttpRequest | None, *args, **kwargs):  # noqa: D102
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)
