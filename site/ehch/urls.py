"""Root URLs: admin sites, the forum, health, then Wagtail's page tree at /."""

import re

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.views.account import PasswordResetView as AdminPasswordResetView
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms import feeds
from cms.sitemaps import PublicPageSitemap
from cms.voices.sitemaps import VoicesSitemap
from ehch import health, media, robots
from ehch.accounts import signin
from forum.sitemaps import PublicTopicSitemap

# Django's admin sign-in: staff with a confirmed address only (ehch.accounts.signin).
admin.site.login_form = signin.DjangoAdminLoginForm

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("robots.txt", robots.robots_txt, name="robots_txt"),
    path("favicon.ico", robots.favicon, name="favicon"),
    path("search/", include("search.urls")),
    path("django-admin/", admin.site.urls),
    # Before Wagtail's own: its admin password reset, limited like ours.
    path(
        "admin/password_reset/",
        signin.password_reset_limited(
            AdminPasswordResetView.as_view(
                # Every email is two-part in the site's layout (ehch/emails.py).
                html_email_template_name="wagtailadmin/account/password_reset/email.html"
            )
        ),
        name="wagtailadmin_password_reset",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("forum/tools/", include("forum.urls")),  # ours: reports, follow, settings
    path("forum/", include("forum.board_urls")),  # machina's, site search
    path("accounts/", include("ehch.accounts.account_urls")),  # allauth
    path("members/", include("ehch.accounts.urls")),
    path("what-good-looks-like/", include("cms.voices.urls")),
    path("we-tried-this/", include("impact.urls")),
    path(
        "sitemap.xml",
        sitemap,
        {
            "sitemaps": {
                "wagtail": PublicPageSitemap,
                "residents": VoicesSitemap(),
                "forum": PublicTopicSitemap(),
            }
        },
        name="sitemap",
    ),
    path("feeds/latest/", feeds.latest_feed, name="feed-latest"),
    path("feeds/leadership/", feeds.leadership_feed, name="feed-leadership"),
]

# Uploads: Wagtail's images only, and only where SERVE_MEDIA is on (make run);
# documents and attachments go through the views above, which check permission.
urlpatterns += [
    re_path(
        rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
        media.public_media,
        name="media",
    )
]

# A lost database answers the designed 503 even outside views (ehch.dberrors).
handler500 = "ehch.dberrors.server_error"

# Wagtail's catch-all goes last so every other route wins; its private-page
# sign-in (checked before it) sends people to ours.
urlpatterns += [
    path("_util/login/", signin.private_page_login, name="wagtailcore_login"),
    path("", include(wagtail_urls)),
]
