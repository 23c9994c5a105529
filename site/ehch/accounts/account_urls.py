"""allauth's account URLs at /accounts/; sign-up and password reset rate limited.

Organisation sign-in (OpenID Connect) lives under /accounts/oidc/<provider>/
and allauth's social-account pages (the sign-up questions, connections)
under /accounts/organisation/.
"""

from allauth.account import urls as allauth_urls
from allauth.account import views as allauth_views
from django.conf import settings
from django.urls import include, path

from ehch.accounts.ratelimit import rate_limited
from ehch.accounts.signin import password_reset_limited
from ehch.accounts.sso import linking
from ehch.accounts.sso import views as sso_views

signup = rate_limited(
    "signup",
    limit=settings.SIGNUP_RATE_LIMIT[0],
    window=settings.SIGNUP_RATE_LIMIT[1],
    what="sign-up attempts",
    fail_closed=True,  # it emails the address typed (ehch/accounts/ratelimit.py)
)(allauth_views.signup)

OURS = {"account_signup", "account_reset_password"}

urlpatterns = [
    path("signup/", signup, name="account_signup"),
    path(
        "password/reset/",
        password_reset_limited(allauth_views.password_reset),
        name="account_reset_password",
    ),
    *(p for p in allauth_urls.urlpatterns if getattr(p, "name", "") not in OURS),
    path("organisation/link/", linking.link_account, name="account_sso_link"),
    path("organisation/", include("allauth.socialaccount.urls")),
    # allauth's own two (same names, same addresses), wrapped.
    path(
        "oidc/<str:provider_id>/login/",
        sso_views.provider_login,
        name="openid_connect_login",
    ),
    path(
        "oidc/<str:provider_id>/login/callback/",
        sso_views.provider_callback,
        name="openid_connect_callback",
    ),
]
