"""Settings shared by every environment; production-safe on their own.

Nothing here has a development default that would be unsafe in production:
DEBUG is off and there is no secret key default (dev.py and test.py give one).
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from machina import MACHINA_MAIN_STATIC_DIR, MACHINA_MAIN_TEMPLATE_DIR

from ehch.error_reporting import (
    start_from_environment as start_error_reporting_from_environment,
)
from ehch.logs import logging_config

from .environment import (
    attachment_cache_config,
    cache_config,
    database_config,
    default_storage_config,
    elasticsearch_url,
    env_bool,
    env_float,
    env_int,
    env_list,
    env_networks,
    env_str,
    mail_domain,
    shared_by_every_process,
)
from .oidc import providers_from_environment

SITE_DIR = Path(__file__).resolve().parents[2]  # site/
BASE_DIR = SITE_DIR.parent  # the repository root
VAR_DIR = Path(env_str("EHCH_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The load balancers and proxies in front of the site (addresses or networks).
# X-Forwarded-For is believed only from these hops (ehch/client_address.py);
# empty, the default, believes nobody and counts every limit by REMOTE_ADDR.
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES")

INSTALLED_APPS = [
    # Our apps first so their templates and static files win.
    "ehch",
    "cms",
    "cms.voices",
    "casestudies",
    "impact",  # "we tried this" reports and their follow-ups
    "search",
    # machina's apps before ours: the label "forum" is machina's (see forum/apps.py).
    "mptt",
    "widget_tweaks",
    "machina",
    # Override apps (forum/overrides/): our view and form subclasses, machina's models.
    "forum.overrides.forum",
    "forum.overrides.forum_conversation",
    "forum.overrides.forum_conversation.forum_attachments",
    "machina.apps.forum_conversation.forum_polls",
    "forum.overrides.forum_feeds",
    "forum.overrides.forum_moderation",
    "forum.overrides.forum_tracking",
    "forum.overrides.forum_member",
    "machina.apps.forum_permission",
    "forum",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.typed_table_block",  # cms: the table block
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
]

MIDDLEWARE = [
    # First, so every log line of the request, even a refused one, has the id.
    "ehch.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ehch.pagecache.AnonymousPageCacheMiddleware",
    "ehch.dberrors.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "ehch.site_lookup.CachedSiteMiddleware",  # before anything asks Wagtail's site
    "forum.middleware.ReadOnlySafeForumPermissionMiddleware",
    "forum.middleware.ForumIdMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "ehch.urls"
WSGI_APPLICATION = "ehch.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Ours first, then machina's bare-named templates (it finds them that way).
        "DIRS": [BASE_DIR / "templates", MACHINA_MAIN_TEMPLATE_DIR],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "machina.core.context_processors.metadata",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {"default": database_config(str(VAR_DIR / "ehch.sqlite3"))}
DEFAULT_AUTO_FIELD = (
    "django.db.models.AutoField"  # see CONVENTIONS: machina's migrations
)

# The default cache is shared by every process on the host (gunicorn workers),
# so a content change seen by one worker empties the page cache for all.
# Several hosts need a shared cache: set CACHE_URL (redis://...).
CACHES = {"default": cache_config(VAR_DIR / "cache")}
CACHES["machina_attachments"] = attachment_cache_config(
    CACHES["default"], VAR_DIR / "machina-attachments-cache"
)
# Several hosts share Redis (CACHE_URL), or each host has its own folder.
SHARED_CACHE = CACHES["default"]["BACKEND"] == "ehch.rediscache.ResilientRedisCache"
# Whenever every process sees the same cache (Redis, or the folder on one host),
# sessions are read from it and written through to the database, which stays
# the truth: a signed-in page costs no session query, and a cache outage signs
# nobody out. Only a cache of each process's own (locmem://) reads the database.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if shared_by_every_process(CACHES["default"])
    else "django.contrib.sessions.backends.db"
)

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [MACHINA_MAIN_STATIC_DIR]
STORAGES = {
    "default": default_storage_config(),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Seconds an object-store request may take before it is retried or fails.
OBJECT_STORAGE_TIMEOUT = env_float("OBJECT_STORAGE_TIMEOUT", 5)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# /media/ answers for Wagtail images only (ehch/media.py): from local disk when
# SERVE_MEDIA is on (development; in production the web server serves the
# image folders), and always from the bucket on object storage, which is private.
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)
# Documents always go through Wagtail's view, which checks collection privacy,
# even on object storage (whose default would redirect to a public URL).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# No Gravatar: its URLs carry md5(email) of every user the admin lists.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Email: SMTP in production; dev and test override the backend.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)

# Search: the database engine unless ELASTICSEARCH_URL names a server.
ELASTICSEARCH_URL = elasticsearch_url()
ELASTICSEARCH_INDEX_PREFIX = env_str("ELASTICSEARCH_INDEX_PREFIX", "ehch")
ELASTICSEARCH_TIMEOUT = env_int("ELASTICSEARCH_TIMEOUT", 5)
# Readers' searches wait less; after repeated failures the breaker skips
# Elasticsearch for a while and answers from the database (search/breaker.py).
ELASTICSEARCH_SEARCH_TIMEOUT = env_float("ELASTICSEARCH_SEARCH_TIMEOUT", 1.5)
SEARCH_BREAKER_FAILURES = env_int("SEARCH_BREAKER_FAILURES", 3)
SEARCH_BREAKER_SECONDS = env_int("SEARCH_BREAKER_SECONDS", 60)
SEARCH_ENGINE = "elasticsearch" if ELASTICSEARCH_URL else "database"

# Wagtail's own admin search uses the database; the site's search lives in search/.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_SITE_NAME = "EHCH Learning Network"
# Editors' workflow emails have an HTML part too, in the site's email layout
# (templates/wagtailadmin/notifications/base.html), like every other email.
WAGTAILADMIN_NOTIFICATION_USE_HTML = True
# The one site address (cms/site_address.py): Wagtail's Site record, canonical
# links, the sitemap, feeds and every link in email. `make run` sets it from PORT.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(
        f"SITE_URL must start with http:// or https:// (it is {SITE_URL!r})."
    )
# The sender is on the site's own domain, so no email names localhost unless
# SITE_URL does. An address like 127.0.0.1 is written as a literal, [127.0.0.1].
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", f"EHCH Learning Network <noreply@{mail_domain(SITE_URL)}>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_I18N_ENABLED = False

# Background work (search indexing, notifications) goes through django-tasks.
TASKS = {
    "default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}
}

# django-machina: its haystack search is not installed; forum/board_urls.py sends
# its address to the site search (machina still requires the haystack package).
MACHINA_FORUM_NAME = "EHCH Learning Network forum"
MACHINA_BASE_TEMPLATE_NAME = "_base.html"

# --- Forum (forum/, issue 6) -------------------------------------------------
# The forum_conversation override app keeps machina's models and migrations.
# Wagtail's Draftail widget, made safe for a form sent before Draftail has
# copied its content into the hidden input (cms/widgets.py).
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {"WIDGET": "cms.widgets.DraftailRichTextArea"},
}
MIGRATION_MODULES = {
    "forum": "machina.apps.forum.migrations",
    "forum_tracking": "machina.apps.forum_tracking.migrations",
    "forum_conversation": "machina.apps.forum_conversation.migrations",
    "forum_member": "machina.apps.forum_member.migrations",
    "forum_attachments": "machina.apps.forum_conversation.forum_attachments.migrations",
}
# Markdown rendered to HTML, then cleaned by bleach to an allowlist (forum/markup.py).
MACHINA_MARKUP_LANGUAGE = ("forum.markup.render_markdown", {})
MACHINA_MARKUP_WIDGET = "django.forms.Textarea"
MACHINA_ATTACHMENT_MAX_FILES_PER_POST = 3
# A member's first posts wait in the moderation queue until a moderator approves.
FORUM_FIRST_POSTS_HELD = env_int("FORUM_FIRST_POSTS_HELD", 3)
# Moderators are emailed when a queued post has waited longer than this.
FORUM_QUEUE_ALERT_HOURS = env_int("FORUM_QUEUE_ALERT_HOURS", 24)
# A case study is due for an editor's review this many days after its last
# review (or first publication): Reports -> "Case studies to review".
CASE_STUDY_REVIEW_DAYS = env_int("CASE_STUDY_REVIEW_DAYS", 365)
# New case studies one member may share through the site in a day.
CASE_STUDY_SHARE_RATE_LIMIT = env_int("CASE_STUDY_SHARE_RATE_LIMIT", 5)
# "We tried this": reports one member may send in a day, and how long after a
# report is published its author is asked what has happened since
# (manage.py send_tried_follow_ups, daily from scripts/cron/ehch.crontab).
TRIED_REPORT_RATE_LIMIT = env_int("TRIED_REPORT_RATE_LIMIT", 10)
TRIED_FOLLOW_UP_DAYS = env_int("TRIED_FOLLOW_UP_DAYS", 182)
# The daily digest covers the day up to this hour (site time); cron sends it
# after it (scripts/cron/ehch.crontab), and runs minutes apart cover one day.
FORUM_DIGEST_CUTOFF_HOUR = env_int("FORUM_DIGEST_CUTOFF_HOUR", 6)
# Attachments: size cap and allowed file types (by extension).
FORUM_ATTACHMENT_MAX_BYTES = env_int("FORUM_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024)
FORUM_POST_MAX_CHARS = env_int("FORUM_POST_MAX_CHARS", 20000)  # one post's message
FORUM_ATTACHMENT_EXTENSIONS = [
    *["pdf", "docx", "xlsx", "pptx", "odt", "csv", "txt"],
    *["png", "jpg", "jpeg"],
]
# Throttle: at most this many posts (topics or replies) per account per window.
FORUM_POST_RATE = (
    env_int("FORUM_POST_RATE_COUNT", 5),
    env_int("FORUM_POST_RATE_SECONDS", 300),
)
# Visitor reports of illegal or harmful content, per IP address.
FORUM_VISITOR_REPORT_RATE = (5, 3600)
# --- end forum ------------------------------------------------------------------

# The residents' and families' space (cms/voices): who hears about safeguarding
# concerns, how long follow-up contact details (and the original words of
# edited views) are kept, and how often one address may share a view.
# Contact details are encrypted with a key derived from SECRET_KEY (older keys
# in SECRET_KEY_FALLBACKS still decrypt).
VOICES_SAFEGUARDING_EMAILS = env_list("VOICES_SAFEGUARDING_EMAILS", [])
VOICES_CONTACT_RETENTION_DAYS = env_int("VOICES_CONTACT_RETENTION_DAYS", 180)
# How long the identifiable original of a view moderators edited is kept after
# its last decision (cms/voices/retention.py).
VOICES_ORIGINAL_RETENTION_DAYS = env_int("VOICES_ORIGINAL_RETENTION_DAYS", 180)
VOICES_SHARE_RATE_LIMIT = env_int("VOICES_SHARE_RATE_LIMIT", 5)  # views per hour
# "This matters to me too" presses per hour, per account or per address.
VOICES_AGREE_RATE_LIMIT = (env_int("VOICES_AGREE_RATE_LIMIT", 30), 60 * 60)
VOICES_SHARE_RATE_WINDOW = 60 * 60
# Having nobody to tell is a warning here and an error for `check --deploy` in
# production (production.py). Unacknowledged concerns are emailed again to the
# contacts after the first interval, then to administrators after the second
# (manage.py safeguarding_alerts, every 5 minutes from cron).
VOICES_SAFEGUARDING_REQUIRED = False
SAFEGUARDING_ESCALATE_AFTER_MINUTES = env_int("SAFEGUARDING_ESCALATE_AFTER_MINUTES", 60)
SAFEGUARDING_ESCALATE_TO_ADMINS_AFTER_MINUTES = env_int(
    "SAFEGUARDING_ESCALATE_TO_ADMINS_AFTER_MINUTES", 60
)

# Accounts, membership and security (issue 8) --------------------------------
# Apps and middleware are added here rather than in the lists above so this
# block stays in one piece (see site/ehch/accounts/).
INSTALLED_APPS += [
    "ehch.accounts",  # label "members": profiles, approval queue, privacy
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "axes",
    "csp",
]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "ehch.accounts.security.ScopedCSPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "allauth.account.middleware.AccountMiddleware",
)
MIDDLEWARE.append("axes.middleware.AxesMiddleware")  # axes wants to be last
# How long an account's Django permissions may be served from the cache; any
# change to groups or grants forgets them all at once (accounts/permission_cache.py).
# Off with CACHE_URL=locmem://: each process would forget only its own copy.
PERMISSION_CACHE_SECONDS = env_int(
    "PERMISSION_CACHE_SECONDS",
    300 if shared_by_every_process(CACHES["default"]) else 0,
)
AUTHENTICATION_BACKENDS = [
    "ehch.accounts.security.AxesBackend",  # first: refuses locked-out logins
    # Django's ModelBackend (Wagtail's and Django's admin), its answers cached
    "ehch.accounts.permission_cache.CachedPermissionsBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
# allauth: email and password, verified email, no social accounts. Members
# sign in with their email address; the username is made from the name shown
# to other members (ehch/accounts/names.py), never asked for and never shown.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_ADAPTER = "ehch.accounts.adapter.AccountAdapter"
ACCOUNT_USER_DISPLAY = "ehch.accounts.names.public_name"  # allauth's messages
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
# Reauthenticate (before changing an address or password) by password only.
# allauth 65.17 added "code" to its default, which would email a code that
# bypasses the sign-in lock-out; the emailed-code routes answer 403.
ACCOUNT_REAUTHENTICATION_METHODS = ("password",)
ACCOUNT_LOGOUT_ON_GET = False  # a GET shows a confirm page; the header posts
ACCOUNT_SESSION_REMEMBER = None  # the member chooses "remember me"
ACCOUNT_USERNAME_BLACKLIST = ["me", "admin", "former-member", "moderator"]
ACCOUNT_FORMS = {"signup": "ehch.accounts.forms.MemberSignupForm"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[EHCH Learning Network] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = WAGTAILADMIN_BASE_URL.split(":", 1)[0]  # links
# axes owns the lockout after failed logins; allauth's own counter would stop
# counting (and confuse members) before axes' limit is reached, and its 30
# sign-ins a minute per address (successful ones too) would refuse members
# behind one shared address at the start of a shift. allauth's other limits
# (password reset among them) stay.
ACCOUNT_RATE_LIMITS = {"login_failed": None, "login": None}
# Organisation sign-in (OpenID Connect, ehch/accounts/sso/): providers from
# OIDC_PROVIDERS (ehch/settings/oidc.py). Nobody is signed up without the
# membership questions, an address already in use is linked only after its
# password is typed, and approval follows the editors' list of email domains.
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": providers_from_environment()}}
SOCIALACCOUNT_ADAPTER = "ehch.accounts.sso.adapter.SocialAccountAdapter"
SOCIALACCOUNT_FORMS = {"signup": "ehch.accounts.sso.forms.OrganisationSignupForm"}
SOCIALACCOUNT_AUTO_SIGNUP = False  # the membership questions are always asked
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # never signed in to an account by email
SOCIALACCOUNT_STORE_TOKENS = False  # nothing here calls the provider later
SOCIALACCOUNT_LOGIN_ON_GET = False  # the button posts a form (CSRF-safe)
SOCIALACCOUNT_REQUESTS_TIMEOUT = env_int("OIDC_TIMEOUT_SECONDS", 5)
# django-axes (ehch/accounts/lockout.py): failures are counted per account (as
# whatever identifier was typed resolves) AND address together, so a shared
# outward address or an attacker cannot lock a member out. One address guessing
# across accounts meets a much higher per-address limit; one account attacked
# from many addresses is slowed (doubling waits), never locked.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10)  # per (account, address)
AXES_ADDRESS_FAILURE_LIMIT = env_int("AXES_ADDRESS_FAILURE_LIMIT", 100)
AXES_ACCOUNT_SLOWDOWN_AFTER = env_int("AXES_ACCOUNT_SLOWDOWN_AFTER", 20)
AXES_ACCOUNT_SLOWDOWN_MAX_SECONDS = env_int("AXES_ACCOUNT_SLOWDOWN_MAX_SECONDS", 900)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "ehch.accounts.lockout.LockoutHandler"
AXES_USERNAME_CALLABLE = "ehch.accounts.lockout.axes_username"
AXES_CLIENT_IP_CALLABLE = "ehch.accounts.lockout.axes_client_ip"
AXES_LOCKOUT_CALLABLE = "ehch.accounts.lockout.lockout_response"
# Attempts refused during a lock or a slow-down are not counted: they checked
# no password, and counting them would let an attacker extend the owner's wait.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True  # resets that (account, address) pair only
AXES_SENSITIVE_PARAMETERS = ["password", "password1", "password2"]
# Wagtail's private-page sign-in sends people to ours (ehch/accounts/signin.py);
# its admin sign-in, like Django's, accepts staff with a confirmed address only.
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
WAGTAILADMIN_USER_LOGIN_FORM = "ehch.accounts.signin.WagtailAdminLoginForm"
# Password-reset emails per account, and per address, per hour, at every route.
PASSWORD_RESET_RATE_LIMIT = (env_int("PASSWORD_RESET_RATE_LIMIT", 5), 60 * 60)
PASSWORD_RESET_ADDRESS_RATE_LIMIT = env_int("PASSWORD_RESET_ADDRESS_RATE_LIMIT", 20)
# Our own limiter (ehch/accounts/ratelimit.py): sign-ups per address per window.
SIGNUP_RATE_LIMIT = (env_int("SIGNUP_RATE_LIMIT", 5), 60 * 60)
# django-csp 4: no inline script or style on the public site. The admin sites
# get the allowances Wagtail's admin needs (ehch.accounts.security).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
CSP_ADMIN_PREFIXES = ["/admin/", "/django-admin/"]
CSP_ADMIN_DIRECTIVES = {
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "frame-ancestors": ["'self'"],  # Wagtail previews pages in a frame
}
SECURE_REFERRER_POLICY = "same-origin"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SAMESITE = "Lax"
# --- end accounts, membership and security ------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000  # Wagtail's StreamField forms post many fields

# Whole pages for anonymous readers (ehch/pagecache.py); 0 turns it off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
# Parts of pages that are the same for every reader (the home page's sections),
# kept under the same content version, for signed-in readers and page-cache misses.
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 600)

# /healthz (liveness) and /readyz (readiness, ehch/readiness.py). A load
# balancer asks over plain http, so neither is redirected to https. Parts
# named in READYZ_OPTIONAL are reported but do not make /readyz answer 503.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
READYZ_OPTIONAL = env_list("READYZ_OPTIONAL", [])
if set(READYZ_OPTIONAL) - {"database", "cache", "search", "tasks", "storage"}:
    raise ImproperlyConfigured(
        "READYZ_OPTIONAL may name database, cache, search, tasks and storage only, "
        f"got {READYZ_OPTIONAL!r}"
    )
READYZ_TASKS_MAX_QUEUED = env_int("READYZ_TASKS_MAX_QUEUED", 1000)
READYZ_TASKS_MAX_AGE_SECONDS = env_int("READYZ_TASKS_MAX_AGE_SECONDS", 600)

# One JSON object a line by default, for log collectors; `make run` prints
# text (ehch/logs.py). Every line carries the request id (ehch/request_id.py).
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOG_FORMAT = env_str("LOG_FORMAT", "json")
LOGGING = logging_config(LOG_LEVEL, LOG_FORMAT)

# How long a CDN, proxy or browser may keep a public page served to an
# anonymous reader (ehch/pagecache.py decides which pages are public);
# 0 marks every page private.
PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS", 300)

# Error reports only when SENTRY_DSN is set (ehch/error_reporting.py).
start_error_reporting_from_environment()
