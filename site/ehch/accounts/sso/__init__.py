"""Organisation sign-in: OpenID Connect through allauth's openid_connect provider.

Configured from the environment (``ehch.settings.oidc``). The flow is
allauth's code flow with PKCE; this package adds what a health and care
network needs around it: the membership questions on first sign-in
(``forms``), linking to an existing account only after its password
(``linking``), a strict check that the ID token was meant for us and plain
messages when anything fails (``adapter``, ``failures``), approval by the
editors' list of email domains (``ehch.accounts.membership``) and signing out
at the provider too (``logout``).
"""
