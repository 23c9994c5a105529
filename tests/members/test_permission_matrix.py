"""Every URL of the site x every role, with the exact answer each one gets.

How it works:
- ``ROWS`` holds one row per case: a URL name (or a literal path for pages
  that Wagtail serves from its page tree), its arguments, and the status each
  of the six roles gets for a GET. ``LOGIN`` means "302 to a sign-in page"
  (ours, Wagtail's or Django's admin's); ``Redirect("/x/")`` means a 302
  elsewhere (a signed-in member opening the sign-in page goes home).
- ``test_every_named_url_has_a_row`` walks the URL resolver. Every named URL
  under a prefix in ``COVERED_PREFIXES`` must have a row, or be in
  ``NOT_IN_MATRIX`` with the reason. A new URL without a row fails the suite.

Other apps add their prefixes to ``COVERED_PREFIXES`` and their rows to
``ROWS`` when they add URLs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .factories import (
    MemberProfileFactory,
    administrator,
    approved_member,
    editor,
    moderator,
    pending_member,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "pending", "member", "moderator", "editor", "administrator"]
MAKERS = {
    "pending": pending_member,
    "member": approved_member,
    "moderator": moderator,
    "editor": editor,
    "administrator": administrator,
}
LOGIN_PAGES = {"/accounts/login/", "/admin/login/", "/django-admin/login/"}
LOGIN = "302 to sign in"


@dataclass(frozen=True)
class Redirect:
    """A 302 to somewhere other than a sign-in page."""

    to: str


def everyone(status) -> dict:
    """The same answer for every role."""
    return dict.fromkeys(ROLES, status)


def signed_in(status, anonymous=LOGIN) -> dict:
    """``status`` for every signed-in role; anonymous visitors sign in first."""
    return {**everyone(status), "anonymous": anonymous}


def only_visitors(status=200) -> dict:
    """Pages for visitors: signed-in members are sent home."""
    return {**everyone(Redirect("/")), "anonymous": status}


@dataclass
class Row:
    """One URL (by name or path) and the answer each role gets for a GET."""

    name: str
    expected: dict
    kwargs: dict = field(default_factory=dict)
    path: str | None = None
    label: str = ""

    @property
    def id(self) -> str:
        return self.label or self.name


# Arguments filled in at run time from objects the test creates.
APPROVED_MEMBER = "{approved_member}"
PENDING_MEMBER = "{pending_member}"
PENDING_PROFILE = "{pending_profile}"
PROFILES_CLOSED = {"pending": 403, "editor": 403}

ADMIN_ONLY_STAFF = {
    "anonymous": LOGIN,
    "pending": LOGIN,  # no admin access: Wagtail sends them to its sign-in
    "member": LOGIN,
    "moderator": 200,
    "editor": 200,
    "administrator": 200,
}
QUEUE = {
    "anonymous": LOGIN,
    "pending": LOGIN,
    "member": LOGIN,
    "moderator": 200,
    "editor": 403,
    "administrator": 200,
}

# Forum moderation pages: machina's moderators only; others are refused.
FORUM_MODERATORS = {
    "anonymous": LOGIN,
    "pending": 403,
    "member": 403,
    "moderator": 200,
    "editor": 403,
    "administrator": 200,
}

# machina's forum pages, on objects the test makes when a row names them: a
# public forum ("Getting started"), a topic whose first post is another
# member's, a reply of theirs waiting in the moderation queue, an attachment
# on the first post, and a poll; and a members-only forum ("Working with
# hospitals"), whose feeds answer nobody.
FORUM_SLUG, FORUM_PK = "{forum_slug}", "{forum_pk}"
TOPIC_SLUG, TOPIC_PK = "{topic_slug}", "{topic_pk}"
POST_PK, QUEUED_PK = "{post_pk}", "{queued_pk}"
ATTACHMENT_PK, POLL_PK, AUTHOR_PK = "{attachment_pk}", "{poll_pk}", "{author_pk}"
IN_FORUM = {"forum_slug": FORUM_SLUG, "forum_pk": FORUM_PK}
MEMBERS_FORUM_SLUG, MEMBERS_FORUM_PK = "{members_forum_slug}", "{members_forum_pk}"
IN_MEMBERS_FORUM = {"forum_slug": MEMBERS_FORUM_SLUG, "forum_pk": MEMBERS_FORUM_PK}
A_TOPIC = {**IN_FORUM, "slug": TOPIC_SLUG, "pk": TOPIC_PK}
IN_TOPIC = {**IN_FORUM, "topic_slug": TOPIC_SLUG, "topic_pk": TOPIC_PK}
MODERATED_TOPIC = {"slug": TOPIC_SLUG, "pk": TOPIC_PK}
# Approved members post; pending members and CMS-only editors read but do not.
FORUM_POSTERS = {
    "anonymous": LOGIN,
    "pending": 403,
    "member": 200,
    "moderator": 200,
    "editor": 403,
    "administrator": 200,
}
FORUM_ADMINISTRATORS = {**FORUM_MODERATORS, "moderator": 403}

ROWS = [
    # --- Main public pages ---------------------------------------------------
    Row("home", everyone(200), path="/"),
    Row("case-studies", everyone(200), path="/case-studies/"),
    # Sharing a case study: approved members (pending accounts are told why).
    Row("case-studies-share", FORUM_POSTERS, path="/case-studies/share/"),
    Row(
        "case-studies-shared",
        {**signed_in(404), "pending": 403, "editor": 403},
        path="/case-studies/share/999999/",
    ),
    Row("privacy", everyone(200), path="/privacy/"),
    Row("forum:index", everyone(200)),
    Row("healthz", everyone(200)),
    Row("readyz", everyone(200)),
    Row("robots_txt", everyone(200)),
    Row("favicon", everyone(301)),
    Row("wagtailadmin_home", ADMIN_ONLY_STAFF),
    Row(
        "admin:index",
        {**everyone(LOGIN), "administrator": 200},  # Django's admin: staff only
    ),
    # Wagtail's private-page sign-in only sends everyone to ours (keeping next).
    Row("wagtailcore_login", everyone(LOGIN)),
    # Wagtail admin's password reset form: open to all, its POSTs rate limited.
    Row("wagtailadmin_password_reset", everyone(200)),
    # --- allauth, /accounts/ ------------------------------------------------
    Row("account_login", only_visitors()),
    Row("account_signup", only_visitors()),
    Row("account_logout", signed_in(200, anonymous=Redirect("/"))),
    Row("account_inactive", everyone(200)),
    Row("account_email", signed_in(200)),
    Row("account_email_verification_sent", everyone(200)),
    Row("account_change_password", signed_in(200)),
    # Everyone in the matrix has a password, so "set" sends them to "change".
    Row("account_set_password", signed_in(Redirect("/accounts/password/change/"))),
    Row("account_reauthenticate", signed_in(200)),
    # Reauthentication by emailed code (allauth 65.17+). Reviewed: this site
    # reauthenticates by password only (ACCOUNT_REAUTHENTICATION_METHODS), so
    # both steps refuse every signed-in role and send visitors to sign in;
    # neither can create or refresh a session here.
    Row("account_request_reauthentication_code", signed_in(403)),
    Row("account_confirm_reauthentication_code", signed_in(403)),
    Row("account_reset_password", everyone(200)),
    # Organisation sign-in (ehch.accounts.sso). A provider that is not
    # configured is not there for anyone; without a sign-in in progress the
    # linking and sign-up steps have nothing to finish.
    Row("openid_connect_login", everyone(404), kwargs={"provider_id": "no-such-one"}),
    Row(
        "openid_connect_callback",
        everyone(404),
        kwargs={"provider_id": "no-such-one"},
    ),
    Row("account_sso_link", everyone(400)),
    Row("socialaccount_signup", everyone(LOGIN)),
    Row("socialaccount_login_cancelled", everyone(200)),
    Row("socialaccount_login_error", everyone(401)),  # allauth's "not signed in"
    Row("socialaccount_connections", signed_in(200)),
    Row("account_reset_password_done", everyone(200)),
    Row("account_reset_password_from_key_done", everyone(200)),
    Row(
        "account_confirm_email",
        everyone(200),  # a wrong key shows "this link does not work"
        kwargs={"key": "not-a-real-key"},
    ),
    Row(
        "account_reset_password_from_key",
        everyone(200),  # a wrong token shows "this link does not work"
        kwargs={"uidb36": "zz", "key": "not-a-real-token"},
    ),
    # --- members, /members/ -------------------------------------------------
    Row("members:me", signed_in(200)),
    Row("members:export", signed_in(200)),
    Row("members:delete", signed_in(200)),
    # Profiles, by account number: for approved members, moderators and
    # administrators; a pending account (and an editor, who is no member) is
    # told profiles are for members, whoever the number belongs to.
    Row(
        "members:profile",
        {**signed_in(200), **PROFILES_CLOSED},
        kwargs={"user_id": APPROVED_MEMBER},
        label="members:profile (approved member)",
    ),
    Row(
        "members:profile",
        {**signed_in(404), **PROFILES_CLOSED},
        kwargs={"user_id": PENDING_MEMBER},
        label="members:profile (someone else, pending)",
    ),
    Row(
        "members:profile",
        {**signed_in(404), **PROFILES_CLOSED},
        kwargs={"user_id": 987654},
        label="members:profile (unknown)",
    ),
    # --- search, /search/ ----------------------------------------------------
    Row("search", everyone(200)),
    Row("search_saved", signed_in(200)),
    Row("search_save", signed_in(405)),  # POST only
    Row("search_saved_delete", signed_in(405), kwargs={"pk": 1}),  # POST only
    Row(
        "search_saved_unsubscribe",
        everyone(404),  # a forged token names no saved search
        kwargs={"token": "not-a-real-token"},
    ),
    # --- feeds, sitemap and documents ----------------------------------------
    Row("feed-latest", everyone(200)),
    Row("feed-leadership", everyone(200)),
    Row("sitemap", everyone(200)),
    Row("wagtaildocs_serve", everyone(404), path="/documents/999999/missing.pdf"),
    Row(
        "wagtaildocs_authenticate_with_password",
        everyone(404),
        kwargs={"restriction_id": 999999},
    ),
    # --- the residents' space, /what-good-looks-like/ -------------------------
    Row("voices:index", everyone(200)),
    Row("voices:share", everyone(200)),
    Row("voices:share_done", everyone(200)),
    Row("voices:paper_form", everyone(200)),
    Row("voices:withdraw", everyone(200)),
    Row("voices:withdraw_done", everyone(200)),
    Row("voices:agree", everyone(405), kwargs={"pk": 999999}),  # POST only
    Row("voices:theme", everyone(404), kwargs={"slug": "no-such-theme"}),
    # --- forum tools, /forum/tools/ -------------------------------------------
    # (a path loads the demo, and with it the forum tree and its permissions)
    Row("community_forum:report_content", everyone(200)),
    Row(
        "community_forum:report_post",
        signed_in(404, anonymous=Redirect("/forum/tools/report/")),  # visitors' form
        kwargs={"pk": 999999},
    ),
    Row("community_forum:report_queue", FORUM_MODERATORS, path="/forum/tools/reports/"),
    Row(
        "community_forum:report_detail",
        {**FORUM_MODERATORS, "moderator": 404, "administrator": 404},
        path="/forum/tools/reports/999999/",
    ),
    Row("community_forum:moderation_log", FORUM_MODERATORS, path="/forum/tools/log/"),
    Row("community_forum:held_edit", signed_in(404), kwargs={"pk": 999999}),
    Row("community_forum:topic_settings", signed_in(404), kwargs={"pk": 999999}),
    Row("community_forum:forum_subscription", signed_in(404), kwargs={"pk": 999999}),
    Row("community_forum:email_settings", signed_in(200)),
    # A form's target: POST only (tests/forum/test_answers.py tries each role).
    Row("community_forum:mark_answer", signed_in(405), kwargs={"pk": 999999}),
    Row(
        "community_forum:unsubscribe",
        everyone(400),  # a forged token is a bad request
        kwargs={"token": "not-a-token"},
    ),
    # --- machina's forum, /forum/ (a public forum; the topic is another's) --
    Row("forum:forum", everyone(200), kwargs={"slug": FORUM_SLUG, "pk": FORUM_PK}),
    Row("forum_conversation:topic", everyone(200), kwargs=A_TOPIC),
    Row("forum_conversation:topic_create", FORUM_POSTERS, kwargs=IN_FORUM),
    Row("forum_conversation:post_create", FORUM_POSTERS, kwargs=IN_TOPIC),
    # Someone else's topic and post: only moderators may change them.
    Row("forum_conversation:topic_update", FORUM_MODERATORS, kwargs=A_TOPIC),
    Row(
        "forum_conversation:post_update",
        FORUM_MODERATORS,
        kwargs={**IN_TOPIC, "pk": POST_PK},
    ),
    Row(
        "forum_conversation:post_delete",
        FORUM_MODERATORS,
        kwargs={**IN_TOPIC, "pk": POST_PK},
    ),
    Row(
        "forum_conversation:topic_poll_vote",
        {**FORUM_POSTERS, "member": 405, "moderator": 405, "administrator": 405},
        kwargs={"pk": POLL_PK},  # POST only, for those who may vote
    ),
    # Attachments are for signed-in approved members (setup_forum).
    Row("forum_conversation:attachment", FORUM_POSTERS, kwargs={"pk": ATTACHMENT_PK}),
    Row("forum_feeds:latest_topics", everyone(200)),
    Row("forum_feeds:forum_latest_topics", everyone(200), kwargs=IN_FORUM),
    Row(
        "forum_feeds:forum_latest_topics_with_descendants",
        everyone(200),
        kwargs=IN_FORUM,
    ),
    # A members-only forum has no feed, for anyone: the same 404 as no forum.
    Row(
        "forum_feeds:forum_latest_topics",
        everyone(404),
        kwargs=IN_MEMBERS_FORUM,
        label="forum_feeds:forum_latest_topics (members-only forum)",
    ),
    Row(
        "forum_feeds:forum_latest_topics_with_descendants",
        everyone(404),
        kwargs=IN_MEMBERS_FORUM,
        label="forum_feeds:forum_latest_topics_with_descendants (members-only)",
    ),
    # machina's public member pages are closed (issue 14): they named every
    # account and listed held posts. The site's profile is members:profile.
    # machina's profile sends every number on to ours, which decides.
    Row(
        "forum_member:profile",
        everyone(Redirect("/members/987654/")),
        kwargs={"pk": 987654},
    ),
    Row("forum_member:user_posts", everyone(404), kwargs={"pk": AUTHOR_PK}),
    Row("forum_member:profile_update", signed_in(200)),
    Row("forum_member:user_subscriptions", signed_in(200)),
    Row("forum_member:topic_subscribe", signed_in(200), kwargs={"pk": TOPIC_PK}),
    # Nobody here is subscribed, so there is nothing to leave.
    Row("forum_member:topic_unsubscribe", signed_in(403), kwargs={"pk": TOPIC_PK}),
    Row("forum_moderation:topic_lock", FORUM_MODERATORS, kwargs=MODERATED_TOPIC),
    Row("forum_moderation:topic_unlock", FORUM_MODERATORS, kwargs=MODERATED_TOPIC),
    Row("forum_moderation:topic_delete", FORUM_MODERATORS, kwargs=MODERATED_TOPIC),
    Row("forum_moderation:topic_move", FORUM_MODERATORS, kwargs=MODERATED_TOPIC),
    Row(
        "forum_moderation:topic_update_to_post",
        FORUM_MODERATORS,
        kwargs=MODERATED_TOPIC,
    ),
    Row(
        "forum_moderation:topic_update_to_sticky",
        FORUM_MODERATORS,
        kwargs=MODERATED_TOPIC,
    ),
    # Announcements are for administrators only.
    Row(
        "forum_moderation:topic_update_to_announce",
        FORUM_ADMINISTRATORS,
        kwargs=MODERATED_TOPIC,
    ),
    Row("forum_moderation:queue", FORUM_MODERATORS),
    Row("forum_moderation:queued_post", FORUM_MODERATORS, kwargs={"pk": QUEUED_PK}),
    Row(
        "forum_moderation:approve_queued_post",
        FORUM_MODERATORS,
        kwargs={"pk": QUEUED_PK},
    ),
    Row(
        "forum_moderation:disapprove_queued_post",
        FORUM_MODERATORS,
        kwargs={"pk": QUEUED_PK},
    ),
    Row("forum_search:search", everyone(301)),
    Row("forum_tracking:mark_all_forums_read", signed_in(200)),
    Row("forum_tracking:mark_subforums_read", signed_in(200), kwargs={"pk": FORUM_PK}),
    Row("forum_tracking:mark_topics_read", signed_in(200), kwargs={"pk": FORUM_PK}),
    Row("forum_tracking:unread_topics", signed_in(200)),
    # --- "we tried this" (impact), /we-tried-this/ ----------------------------
    Row("impact:mine", FORUM_POSTERS),
    Row("impact:stories", everyone(200)),
    # Value stories: approved members, and editors (who moderate them).
    Row("impact:story_new", {**FORUM_POSTERS, "editor": 200}),
    # No such page or report: approved members get the 404 a missing one gets.
    Row(
        "impact:report",
        {**FORUM_POSTERS, "member": 404, "moderator": 404, "administrator": 404},
        kwargs={"number": "999999"},
    ),
    Row(
        "impact:follow_up",
        {**FORUM_POSTERS, "member": 404, "moderator": 404, "administrator": 404},
        kwargs={"number": "999999"},
    ),
    # Its queue in Wagtail's admin: moderators and editors; so is Reports ->
    # Community health.
    Row("impact_admin:queue", ADMIN_ONLY_STAFF),
    Row("impact_community_health", ADMIN_ONLY_STAFF),
    Row(
        "impact_admin:moderate",
        {**ADMIN_ONLY_STAFF, "moderator": 404, "editor": 404, "administrator": 404},
        kwargs={"kind": "report", "number": "999999"},
    ),
    # --- the approval queue in Wagtail's admin, /admin/members/ -------------
    Row("members_pending", QUEUE),
    Row("members_decisions", QUEUE),
    Row("members_reject", QUEUE, kwargs={"pk": PENDING_PROFILE}),
    Row(
        "members_approve",
        {**QUEUE, "moderator": 405, "administrator": 405},  # POST only
        kwargs={"pk": PENDING_PROFILE},
    ),
]

# Named URLs under a covered prefix (or named below) that the test walks.
COVERED_PREFIXES = [
    "accounts/",
    "members/",
    "admin/members/",
    "search/",
    "what-good-looks-like/",
    "we-tried-this/",
    "admin/we-tried-this/",
    "forum/",
    "feeds/",
    "documents/",
    "sitemap",
]
COVERED_NAMES = {
    "healthz",
    "readyz",
    "robots_txt",
    "favicon",
    "forum:index",
    "wagtailadmin_home",
    "admin:index",
    "wagtailcore_login",
    "wagtailadmin_password_reset",
    "impact_community_health",
}

# Named URLs deliberately left out of the matrix, and why.
NOT_IN_MATRIX = {
    # allauth's login-by-code step exists only in the middle of a sign-in by
    # code, which this site does not offer (ACCOUNT_LOGIN_BY_CODE_ENABLED off);
    # without a flow in progress it redirects to the sign-in page for everyone.
    "account_confirm_login_code": "internal step of a flow the site does not use",
}


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}{pattern.namespace}:"
            yield from _walk(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield route.lstrip("^"), namespace + pattern.name


def _covered_names() -> set[str]:
    return {
        name
        for route, name in _walk(get_resolver().url_patterns)
        if name in COVERED_NAMES or route.startswith(tuple(COVERED_PREFIXES))
    }


def test_every_named_url_has_a_row():
    rows = {row.name for row in ROWS}
    missing = _covered_names() - rows - set(NOT_IN_MATRIX)
    assert not missing, (
        f"Named URLs without a row in the permission matrix: {sorted(missing)}. "
        "Add a Row (or an entry in NOT_IN_MATRIX with the reason)."
    )


def test_every_row_and_exception_names_a_real_url():
    names = {name for _route, name in _walk(get_resolver().url_patterns)}
    stale = {row.name for row in ROWS if row.path is None} - names
    stale |= set(NOT_IN_MATRIX) - names
    assert not stale, f"Rows for URLs that no longer exist: {sorted(stale)}"


def _answer(response):
    if response.status_code == 302:
        to = urlsplit(response["Location"]).path
        return LOGIN if to in LOGIN_PAGES else Redirect(to)
    return response.status_code


def _forum_objects() -> dict:
    """Make the forum objects the forum rows name; return their values."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from machina.core.db.models import get_model

    from forum.structure import ensure_forum_tree
    from tests.forum.conftest import MEMBERS_ONLY, PUBLIC, make_reply, make_topic

    tree = ensure_forum_tree()
    forum, members_forum = tree[PUBLIC], tree[MEMBERS_ONLY]
    author = approved_member()
    topic = make_topic(forum, author, subject="Someone else's topic")
    queued = make_reply(topic, author, content="Waiting", approved=False)
    attachment = get_model("forum_attachments", "Attachment").objects.create(
        post=topic.first_post, file=SimpleUploadedFile("notes.txt", b"notes")
    )
    poll = get_model("forum_polls", "TopicPoll").objects.create(
        topic=topic, question="Which day suits the round?"
    )
    return {
        FORUM_SLUG: forum.slug,
        FORUM_PK: forum.pk,
        MEMBERS_FORUM_SLUG: members_forum.slug,
        MEMBERS_FORUM_PK: members_forum.pk,
        TOPIC_SLUG: topic.slug,
        TOPIC_PK: topic.pk,
        POST_PK: topic.first_post.pk,
        QUEUED_PK: queued.pk,
        ATTACHMENT_PK: attachment.pk,
        POLL_PK: poll.pk,
        AUTHOR_PK: author.pk,
    }


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.id)
def test_each_role_gets_the_expected_answer(client, row, roles_ready):
    if row.path:
        call_command("load_demo", verbosity=0)  # pages from Wagtail's tree
    users = {role: make() for role, make in MAKERS.items()}
    approved = approved_member()
    other_pending = MemberProfileFactory()
    values = {
        APPROVED_MEMBER: approved.pk,
        PENDING_MEMBER: other_pending.user_id,
        PENDING_PROFILE: other_pending.pk,
    }
    if row.name.startswith("forum"):  # machina's namespaces: forum, forum_member…
        values.update(_forum_objects())  # the forum tree, its permissions, a topic
    kwargs = {key: values.get(value, value) for key, value in row.kwargs.items()}
    url = row.path or reverse(row.name, kwargs=kwargs)
    actual = {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(users[role])
        actual[role] = _answer(client.get(url))
    assert actual == row.expected, url
