"""A member's download holds everything kept about them; deletion leaves nothing.

The scan reads every installed model (ours, machina's, Wagtail's, Django's,
allauth's, axes') for fields that point at the user model or hold a username
or an email address, and ``ehch.accounts.personal_data`` must say of each
whether it is exported, and whether it is kept after deletion and why. Then a
member with one of everything downloads their data, deletes their account,
and no row names them any more and no email reaches their old address.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import models
from django.db.models import Q
from django.utils import timezone
from machina.core.db.models import get_model
from machina.test.factories import PostFactory, TopicFactory
from wagtail.admin.models import EditingSession, FormState
from wagtail.log_actions import log
from wagtail.models import (
    APIToken,
    Comment,
    CommentReply,
    PageSubscription,
    Task,
    TaskState,
    UploadedFile,
    Workflow,
    WorkflowState,
)
from wagtail.users.models import UserProfile
from wagtail_factories import DocumentFactory, ImageFactory

from casestudies.models import CaseStudySubmission
from cms.voices.models import (
    Agreement,
    AlertKind,
    AlertStatus,
    Decision,
    ModerationDecision,
    SafeguardingAlert,
    SafeguardingConcern,
    StatementResponse,
    Status,
)
from cms.voices.notifications import safeguarding_recipients
from ehch import roles
from ehch.accounts import privacy
from ehch.accounts.personal_data import DELETED_ACCOUNT
from forum.digests import digest_period
from forum.models import (
    ForumSubscription,
    MentionOptOut,
    ModerationLogEntry,
    PendingPostEdit,
    PostReport,
    SentDigest,
)
from forum.notifications import notify_new_post
from forum.reports import moderator_emails
from forum.structure import ensure_forum_tree
from impact.models import Decision as TriedStatus
from impact.models import TriedFollowUp, TriedReport, ValueStory
from search.models import SavedSearch
from tests.casestudies.factories import CaseStudyFactory, ChallengeFactory, build_site
from tests.voices.factories import SubmissionFactory

from .factories import PASSWORD, approved_member, in_groups

pytestmark = pytest.mark.django_db

User = get_user_model()
Topic = get_model("forum_conversation", "Topic")
ForumProfile = get_model("forum_member", "ForumProfile")
ForumReadTrack = get_model("forum_tracking", "ForumReadTrack")
TopicReadTrack = get_model("forum_tracking", "TopicReadTrack")
TopicPoll = get_model("forum_polls", "TopicPoll")
TopicPollOption = get_model("forum_polls", "TopicPollOption")
TopicPollVote = get_model("forum_polls", "TopicPollVote")
ForumPermission = get_model("forum_permission", "ForumPermission")
UserForumPermission = get_model("forum_permission", "UserForumPermission")

IDENTITY_NAMES = {"username", "email", "recipient", "login"}
# Scanned fields a member's own record never fills, so the member with one of
# everything cannot have one.
NEVER_A_MEMBERS = {
    "forum_conversation.Post.username": "machina fills it only for visitors' posts",
    "cms.ContactDetails.email": "the network's own published address",
}
PUBLIC = "Getting started"


def _holds_identity(field) -> bool:
    """A text field that holds a username or an email address."""
    return (
        isinstance(field, models.CharField)
        and not field.is_relation
        and (
            field.name in IDENTITY_NAMES or field.name.endswith(("_email", "_username"))
        )
    )


def _points_at_user(field) -> bool:
    return (
        field.is_relation
        and field.concrete
        and not field.auto_created
        and field.related_model is User
    )


def scanned_fields() -> dict[str, models.Field]:
    """Every field of every installed model that identifies a person, by label.

    A label names the model that declares the field, so Wagtail's page types
    all share ``wagtailcore.Page.owner``.
    """
    found: dict[str, models.Field] = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if _points_at_user(field) or _holds_identity(field):
                found[f"{field.model._meta.label}.{field.name}"] = field
    return found


def rows_naming(label: str, field, user, identifiers: frozenset[str]):
    """The rows of ``label``'s model that point at ``user`` or hold an identifier."""
    manager = field.model._base_manager
    if field.is_relation:
        return manager.filter(**{field.name: user})
    match = Q()
    for value in identifiers:
        match |= Q(**{f"{field.name}__iexact": value})
    return manager.filter(match)


# The scan and the registry --------------------------------------------------


def test_the_scan_finds_user_fields_of_every_kind_of_app():
    found = scanned_fields()
    for label in (
        "search.SavedSearch.user",  # ours
        "forum_polls.TopicPollVote.voter",  # machina's
        "forum_conversation.Topic.subscribers",  # a many-to-many
        "forum_member.ForumProfile.user",  # a one-to-one
        "wagtailcore.Page.owner",  # Wagtail's
        "admin.LogEntry.user",  # Django's
        "account.EmailAddress.email",  # allauth's, by address
        "axes.AccessLog.username",  # axes', by username or address
        "community_forum.PostReport.reporter_email",
    ):
        assert label in found, label


def test_every_field_naming_a_person_is_classified_in_privacy():
    found = set(scanned_fields())
    exported, not_exported = set(privacy.EXPORTED), set(privacy.NOT_EXPORTED)
    missing = found - exported - not_exported
    assert not missing, (
        "These fields identify a person but personal_data.py does not say "
        f"whether they are exported: {sorted(missing)}"
    )
    assert not exported & not_exported
    assert not (exported | not_exported) - found, "entries that name no field"
    assert not set(privacy.KEPT_AFTER_DELETION) - found
    for registry in (privacy.NOT_EXPORTED, privacy.KEPT_AFTER_DELETION):
        assert all(reason.strip() for reason in registry.values())


# A member with one of everything ---------------------------------------------


@pytest.fixture
def everything(client, settings, tmp_path):
    """A member with a row in every table that can name them, and another member."""
    settings.MEDIA_ROOT = str(tmp_path)
    forums = ensure_forum_tree()
    forum = forums[PUBLIC]
    home, index = build_site()
    me, other = approved_member(), approved_member()
    in_groups(me, roles.MODERATORS, roles.SAFEGUARDING)
    me.user_permissions.add(Permission.objects.get(codename="moderate_members"))
    second = EmailAddress.objects.create(
        user=me, email="my.other.address@example.org", verified=False, primary=False
    )
    decided = other.member_profile
    decided.decided_by = me
    decided.save()

    # Wagtail: preferences, a page's owner, lock, revision, log, workflow,
    # comments, follows, drafts, uploads and a token.
    admin_profile = UserProfile.objects.create(user=me, preferred_language="en")
    admin_profile.avatar.save("me.png", ContentFile(b"my face"))
    home.owner, home.locked, home.locked_by = me, True, me
    home.locked_at = timezone.now()
    home.save()
    revision = home.save_revision(user=me, log_action=True)
    workflow = Workflow.objects.create(name="Check it")
    task = Task.objects.create(name="Read it")
    page_type = ContentType.objects.get_for_model(home, for_concrete_model=False)
    state = WorkflowState.objects.create(
        content_type=page_type,
        base_content_type=ContentType.objects.get(
            app_label="wagtailcore", model="page"
        ),
        object_id=str(home.pk),
        workflow=workflow,
        status="approved",
        requested_by=me,
    )
    TaskState.objects.create(
        workflow_state=state,
        revision=revision,
        task=task,
        status="approved",
        finished_by=me,
        content_type=ContentType.objects.get_for_model(TaskState),
    )
    comment = Comment.objects.create(
        page=home,
        user=me,
        text="My page comment",
        contentpath="title",
        resolved_by=me,
        resolved_at=timezone.now(),
    )
    CommentReply.objects.create(comment=comment, user=me, text="My comment reply")
    PageSubscription.objects.create(user=me, page=home, comment_notifications=True)
    EditingSession.objects.create(
        user=me,
        content_type=page_type,
        object_id=str(home.pk),
        last_seen_at=timezone.now(),
    )
    FormState.objects.create(
        user=me,
        content_type=page_type,
        object_id=str(home.pk),
        data="title=Draft",
        last_updated_at=timezone.now(),
    )
    upload = UploadedFile.objects.create(uploaded_by_user=me)
    upload.file.save("half-done.txt", ContentFile(b"half"))
    document = DocumentFactory(uploaded_by_user=me)
    ImageFactory(uploaded_by_user=me)
    log(instance=document, action="wagtail.create", user=me)
    APIToken.objects.create(user=me, name="My token", key_hash="0" * 64, prefix="x")
    # An organisation sign-in connected to the account, and another member's.
    SocialAccount.objects.create(
        user=me,
        provider="keycloak",
        uid="my-provider-id",
        extra_data={"userinfo": {"name": "My name at my organisation"}},
    )
    SocialAccount.objects.create(
        user=other, provider="keycloak", uid="their-provider-id", extra_data={}
    )
    LogEntry.objects.create(
        user=me,
        content_type=page_type,
        object_id=str(home.pk),
        object_repr="Home",
        action_flag=ADDITION,
    )

    # The forum: machina's records and ours.
    topic = TopicFactory(
        forum=forum, poster=me, subject="My topic", approved=True, type=Topic.TOPIC_POST
    )
    mine = PostFactory(
        topic=topic, poster=me, subject="My topic", content="My words", updated_by=me
    )
    theirs_topic = TopicFactory(
        forum=forum,
        poster=other,
        subject="Their topic",
        approved=True,
        type=Topic.TOPIC_POST,
    )
    theirs = PostFactory(
        topic=theirs_topic, poster=other, subject="Their topic", content="Their words"
    )
    topic.subscribers.add(me, other)
    forum_profile, _ = ForumProfile.objects.update_or_create(
        user=me, defaults={"signature": "My signature"}
    )
    forum_profile.avatar.save("me.png", ContentFile(b"my face"))
    ForumReadTrack.objects.create(user=me, forum=forum)
    TopicReadTrack.objects.create(user=me, topic=theirs_topic)
    poll = TopicPoll.objects.create(topic=theirs_topic, question="Which day suits?")
    monday = TopicPollOption.objects.create(poll=poll, text="Monday")
    TopicPollVote.objects.create(voter=me, poll_option=monday)
    TopicPollVote.objects.create(voter=other, poll_option=monday)
    UserForumPermission.objects.create(
        user=me,
        forum=forum,
        permission=ForumPermission.objects.get(codename="can_approve_posts"),
        has_perm=True,
    )
    ForumSubscription.objects.create(user=me, forum=forum, daily_digest=True)
    ForumSubscription.objects.create(user=other, forum=forum, daily_digest=True)
    MentionOptOut.objects.create(user=me)
    MentionOptOut.objects.create(user=other)
    SentDigest.objects.create(user=me, period_end=timezone.now())
    PostReport.objects.create(
        post=theirs,
        post_excerpt="Their words",
        reporter=me,
        reason=PostReport.Reason.RUDE,
        details="My report details",
        resolved_by=me,
        resolved_at=timezone.now(),
        outcome=PostReport.Outcome.NO_ACTION,
    )
    PostReport.objects.create(
        url="/forum/somewhere/",
        reporter_email=second.email,
        reason=PostReport.Reason.OTHER,
        details="My visitor report",
    )
    ModerationLogEntry.objects.create(
        actor=me,
        action=ModerationLogEntry.Action.GRANT_MODERATOR,
        target=f"{me.username} moderates “{forum.name}”",
    )
    PendingPostEdit.objects.create(
        post=mine,
        author=me,
        subject="My topic",
        content="My held edit",
        hold_reason="x",
    )

    # Site search: the same saved search for both members.
    challenge = ChallengeFactory(slug="engaging-gps", label="Engaging GPs")
    for user in (me, other):
        SavedSearch.objects.create(
            user=user,
            scope=SavedSearch.Scope.CASE_STUDIES,
            querystring="challenge=engaging-gps",
            description="My saved search for engaging GPs",
            last_checked_at=timezone.now() - timedelta(days=2),
        )

    # The residents' space.
    statement = SubmissionFactory(
        text="A resident's published words",
        status=Status.APPROVED,
        published_at=timezone.now(),
        entered_by=me,
        channel="paper",
    )
    Agreement.objects.create(submission=statement, user=me)
    Agreement.objects.create(submission=statement, user=other)
    StatementResponse.objects.create(
        statement=statement,
        responder="The network's editors",
        text="We did.",
        created_by=me,
    )
    # A case study this member shared for their area, still with the editors.
    shared = CaseStudyFactory(
        parent=index,
        title="My area's shared case study",
        publish=False,
        contact_name="Me",
        contact_email=me.email,
        contact_consent=True,
    )
    CaseStudySubmission.objects.create(page=shared, submitter=me)
    # What my area tried from a published case study, with an update since;
    # and another member's report and update that I moderated.
    tried_on = CaseStudyFactory(parent=index, title="A case study we tried")
    for author, moderated_by, words in ((me, other, "My"), (other, me, "Their")):
        tried = TriedReport.objects.create(
            page=tried_on,
            member=author,
            area=f"{words} area's care homes team",
            adopted=f"{words} weekly check-in",
            started_on=date(2025, 3, 1),
            changed=f"{words} fewer call-outs",
            status=TriedStatus.APPROVED,
            decided_by=moderated_by,
            decided_at=timezone.now(),
        )
        TriedFollowUp.objects.create(
            report=tried,
            still_doing="yes",
            since=f"{words} update since",
            decided_by=moderated_by,
        )
        ValueStory.objects.create(
            author=author,
            title=f"{words} value story",
            cycle="applied",
            story="We changed what we do.",
            decided_by=moderated_by,
        )
    ModerationDecision.objects.create(
        submission=statement, action=Decision.APPROVED, actor=me
    )
    concern_view = SubmissionFactory(text="A resident's worrying words")
    concern = SafeguardingConcern.objects.create(
        submission=concern_view, flagged_by=me, acknowledged_by=me
    )
    sent = SafeguardingAlert.objects.create(
        concern=concern,
        kind=AlertKind.FLAGGED,
        recipient=me.email,
        status=AlertStatus.SENT,
        sent_at=timezone.now(),
        last_error=f"SMTPRecipientsRefused: {{'{me.email}': (450, 'try later')}}",
    )
    SafeguardingAlert.objects.create(
        concern=concern,
        kind=AlertKind.REMINDER,
        recipient=me.email.upper(),  # due now: the outbox would send it
    )
    ModerationDecision.objects.create(
        submission=concern_view,
        action=Decision.ALERT_SENT,
        reason=f"{sent.get_kind_display()} to {me.email} sent",
    )

    # Sign-in records: by username (the account key) and by a typed address.
    AccessLog.objects.create(
        username=me.username,
        ip_address="10.1.2.3",
        user_agent="My browser",
        path_info="/accounts/login/",
    )
    AccessAttempt.objects.create(
        username=me.email,
        ip_address="10.9.9.9",
        user_agent="Someone else's browser",
        path_info="/accounts/login/",
        failures_since_start=2,
        get_data="",
        post_data="",
    )
    AccessFailureLog.objects.create(
        username=me.username, ip_address="10.9.9.9", path_info="/accounts/login/"
    )

    # Signed in here, and on another device.
    client.force_login(me)
    elsewhere = SessionStore()
    elsewhere[SESSION_KEY] = str(me.pk)
    elsewhere.create()
    return {
        "me": me,
        "other": other,
        "forum": forum,
        "topic": topic,
        "index": index,
        "challenge": challenge,
        "statement": statement,
        "poll_option": monday,
        "identifiers": privacy.member_identifiers(me),
        "files": [
            admin_profile.avatar.name,
            forum_profile.avatar.name,
            upload.file.name,
        ],
    }


def test_the_member_has_one_of_everything(everything):
    me, identifiers = everything["me"], everything["identifiers"]
    empty = [
        label
        for label, field in scanned_fields().items()
        if label not in NEVER_A_MEMBERS
        and not rows_naming(label, field, me, identifiers).exists()
    ]
    assert not empty, f"give the test member a row in: {empty}"


def test_the_download_holds_every_kind_of_record_and_nobody_elses(client, everything):
    response = client.get("/members/me/export/")
    assert response.status_code == 200
    data = json.loads(response.content)
    for label, section in privacy.EXPORTED.items():
        assert data.get(section), f"{label}: section {section!r} is empty"
    text = response.content.decode()
    for mine in (
        "my.other.address@example.org",
        "Moderators",
        "moderate_members",
        "My page comment",
        "My comment reply",
        "My token",
        "My words",
        "My topic",
        "My signature",
        "Which day suits?",
        "Monday",
        "can_approve_posts",
        "My report details",
        "My visitor report",
        "My held edit",
        "My saved search for engaging GPs",
        "My area's shared case study",
        "My weekly check-in",
        "My update since",
        "My value story",
        "10.1.2.3",
        "My browser",
        "my-provider-id",
        "My name at my organisation",
    ):
        assert mine in text, mine
    other = everything["other"]
    for theirs in (
        other.email,
        other.username,
        other.member_profile.display_name,
        "Their words",
        "their-provider-id",
        "Their weekly check-in",
        "Their value story",
        "A resident's published words",
        "A resident's worrying words",
        everything["statement"].reference,
        # A failed attempt may be someone else's: no address or browser.
        "10.9.9.9",
        "Someone else's browser",
    ):
        assert theirs not in text, theirs


def _delete(client) -> None:
    response = client.post(
        "/members/me/delete/", {"password": PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 302


def test_after_deletion_nothing_names_the_member(
    client, everything, settings, django_capture_on_commit_callbacks
):
    me, identifiers = everything["me"], everything["identifiers"]
    fields = scanned_fields()
    kept_before = {
        label: rows_naming(label, fields[label], me, identifiers).count()
        for label in privacy.KEPT_AFTER_DELETION
        if fields[label].is_relation
    }
    files = [Path(settings.MEDIA_ROOT) / name for name in everything["files"]]
    assert all(path.is_file() for path in files)
    with django_capture_on_commit_callbacks(execute=True):
        _delete(client)
    # Both avatars and the unfinished upload are gone from storage too.
    assert not [path for path in files if path.exists()]
    me.refresh_from_db()
    assert me.username == f"former-member-{me.pk}" and me.email == ""
    assert not me.is_active and not me.has_usable_password()
    assert me.last_login is None
    # Kept rows point at the emptied account only; the rest are gone.
    for label, field in fields.items():
        rows = rows_naming(label, field, me, identifiers)
        if not field.is_relation:
            assert not rows.exists(), f"{label} still holds the old identity"
        elif label in privacy.KEPT_AFTER_DELETION:
            assert rows.count() == kept_before[label], f"{label} was not kept"
        else:
            assert not rows.exists(), f"{label} still points at the member"
    # Text that named them in kept audit trails names nobody.
    for value in identifiers:
        assert not ModerationLogEntry.objects.filter(target__icontains=value).exists()
        assert not ModerationDecision.objects.filter(reason__icontains=value).exists()
        assert not SafeguardingAlert.objects.filter(
            last_error__icontains=value
        ).exists()
    assert ModerationLogEntry.objects.filter(
        target__startswith=DELETED_ACCOUNT
    ).exists()
    # The unsent safeguarding email is gone; the sent one stays, addressless.
    assert list(SafeguardingAlert.objects.values_list("recipient", "status")) == [
        (DELETED_ACCOUNT, AlertStatus.SENT)
    ]
    # Others' results stand: the vote and the agreement stay, without the person.
    assert everything["poll_option"].votes.count() == 2
    assert everything["statement"].agreements.count() == 2
    assert not [
        s
        for s in Session.objects.all()
        if s.get_decoded().get(SESSION_KEY) == str(me.pk)
    ]
    assert not everything["topic"].posts.get().poster.is_active  # the thread stays


def test_after_deletion_no_email_reaches_the_old_address(client, everything):
    identifiers = everything["identifiers"]
    other = everything["other"]
    # A new case study for both saved searches, a new topic for both digests,
    # a reply in the topic both followed.
    CaseStudyFactory(
        parent=everything["index"],
        title="Brand new GP story",
        terms={"challenges": [everything["challenge"]]},
    )
    fresh = TopicFactory(
        forum=everything["forum"],
        poster=other,
        subject="Fresh topic",
        approved=True,
        type=Topic.TOPIC_POST,
    )
    # Within the day the digest sent now covers (up to the latest cut-off).
    in_the_day = digest_period(timezone.now())[1] - timedelta(hours=1)
    Topic.objects.filter(pk=fresh.pk).update(created=in_the_day)
    _delete(client)
    mail.outbox = []
    call_command("send_search_alerts", verbosity=0)
    call_command("forum_digest", verbosity=0)
    call_command("safeguarding_alerts", verbosity=0)
    reply = PostFactory(
        topic=everything["topic"], poster=other, subject="Re", content="A reply"
    )
    notify_new_post(reply)
    sent_to = {address.lower() for email in mail.outbox for address in email.to}
    assert not sent_to & identifiers
    # The jobs did run: the other member got each of them.
    assert other.email in sent_to
    subjects = [email.subject for email in mail.outbox if other.email in email.to]
    assert any("New matches" in s for s in subjects)
    assert any("forums you follow" in s for s in subjects)
    # Nor is the old address on any list of people to tell.
    lists = {*moderator_emails(), *moderator_emails(everything["forum"])}
    lists |= set(safeguarding_recipients())
    assert not {a.lower() for a in lists} & identifiers


def test_deletion_is_one_transaction(everything, monkeypatch):
    me = everything["me"]

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    # The last step fails: everything before it must be undone.
    monkeypatch.setattr(type(me), "save", fail)
    with pytest.raises(RuntimeError):
        privacy.delete_member_account(me)
    assert SavedSearch.objects.filter(user=me).exists()
    assert ForumSubscription.objects.filter(user=me).exists()
    assert Agreement.objects.filter(user=me).exists()
    assert EmailAddress.objects.filter(user=me).count() == 2
