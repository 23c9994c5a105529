"""allauth's account URLs at /accounts/, with sign-up rate limited by address."""

from allauth.account import urls as allauth_urls
from allauth.account import views as allauth_views
from django.conf import settings
from django.urls import path

from ehch.accounts.ratelimit import rate_limited

signup = rate_limited(
    "signup",
    limit=settings.SIGNUP_RATE_LIMIT[0],
    window=settings.SIGNUP_RATE_LIMIT[1],
    what="sign-up attempts",
)(allauth_views.signup)

urlpatterns = [
    path("signup/", signup, name="account_signup"),
    *(
        p
        for p in allauth_urls.urlpatterns
        if getattr(p, "name", "") != "account_signup"
    ),
]
