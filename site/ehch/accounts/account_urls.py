"""allauth's account URLs at /accounts/; sign-up and password reset rate limited."""

from allauth.account import urls as allauth_urls
from allauth.account import views as allauth_views
from django.conf import settings
from django.urls import path

from ehch.accounts.ratelimit import rate_limited
from ehch.accounts.signin import password_reset_limited

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
]
