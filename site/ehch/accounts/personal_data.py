"""Where the site keeps personal data about a member, and what happens to each kind.

Every field of every model that points at the user model (foreign key,
one-to-one, many-to-many, in our apps, machina's, Wagtail's, Django's and
allauth's), and every text field that holds a username or an email address
(axes' sign-in records, report and safeguarding addresses), is named here
once as ``app_label.Model.field`` of the model that declares it:

- ``EXPORTED`` maps it to the section of the download (``export_member_data``)
  that holds it;
- ``NOT_EXPORTED`` gives the reason it is left out of the download;
- ``KEPT_AFTER_DELETION`` gives the reason the row survives the account's
  deletion. A kept row goes on pointing at the anonymised account (username
  ``former-member-<id>``, no email, names or password, inactive): it
  identifies nobody. Every other field is emptied by deletion, its rows
  deleted or detached.

``tests/members/test_export_erasure.py`` scans every installed model and fails
for a field missing here, and for an entry here that names no field, so a new
model that points at the user cannot be forgotten.

Personal data that no field points at is listed in ``OTHER_RECORDS``.
"""

from __future__ import annotations

# Put in place of a deleted member's address or username where a kept record
# (an audit trail) named them in its text.
DELETED_ACCOUNT = "a deleted account"

_AUDIT = "An audit trail others rely on; it points at the emptied account."
_EDITORIAL = (
    "A record of editorial work on site content (pages, documents, images), "
    "not about the person; the site's edit history keeps it."
)

_CASE_STUDY_CONTACT = (
    "A contact a case study names with their agreement, entered by the area "
    "or by editors, who remove it when the person withdraws that agreement. "
    "Deleting the account takes it off every case study "
    "(casestudies.receivers)."
)

_NETWORK_ADDRESS = (
    "The network's published contact address (Settings → Contact details), "
    "site configuration like VOICES_SAFEGUARDING_EMAILS: an editor changes it."
)

EXPORTED: dict[str, str] = {
    # The account itself (ehch.accounts.privacy).
    "auth.User.username": "account",
    "auth.User.email": "account",
    "account.EmailAddress.user": "account",
    "account.EmailAddress.email": "account",
    # Organisation sign-in: which provider account signs in to this one, and
    # what the provider told us about the person (ehch.accounts.sso).
    "socialaccount.SocialAccount.user": "organisation_accounts",
    "members.MemberProfile.user": "profile",
    "wagtailusers.UserProfile.user": "admin_preferences",
    "wagtailcore.APIToken.user": "api_tokens",
    "wagtailcore.Comment.user": "page_comments",
    "wagtailcore.CommentReply.user": "page_comments",
    "wagtailcore.PageSubscription.user": "page_subscriptions",
    "axes.AccessLog.username": "sign_in_records",
    "axes.AccessAttempt.username": "sign_in_records",
    "axes.AccessFailureLog.username": "sign_in_records",
    # The forum (forum.receivers), machina's models and ours.
    "forum_member.ForumProfile.user": "forum_profile",
    "forum_conversation.Topic.poster": "forum_topics",
    "forum_conversation.Post.poster": "forum_posts",
    "forum_conversation.Topic.subscribers": "topic_subscriptions",
    "community_forum.ForumSubscription.user": "forum_subscriptions",
    "community_forum.MentionOptOut.user": "forum_email_settings",
    "forum_tracking.TopicReadTrack.user": "forum_read_markers",
    "forum_tracking.ForumReadTrack.user": "forum_read_markers",
    "forum_polls.TopicPollVote.voter": "poll_votes",
    "forum_permission.UserForumPermission.user": "forum_permissions",
    "community_forum.PostReport.reporter": "reports_made",
    "community_forum.PostReport.reporter_email": "reports_made",
    "community_forum.PendingPostEdit.author": "held_edits",
    # Case studies an area shared through the site (casestudies.receivers).
    "casestudies.CaseStudySubmission.submitter": "shared_case_studies",
    # What areas tried from the site's pages (impact.receivers).
    "impact.TriedReport.member": "we_tried_this_reports",
    "impact.ValueStory.author": "value_stories",
    # Site search (search.receivers).
    "search.SavedSearch.user": "saved_searches",
    # The residents' space (cms.voices.receivers).
    "voices.Agreement.user": "agreements",
    "voices.Submission.entered_by": "shared_views_entered",
    "voices.SafeguardingAlert.recipient": "safeguarding_emails",
}

NOT_EXPORTED: dict[str, str] = {
    "members.MemberProfile.decided_by": (
        "Decisions on other people's applications: their data, not the moderator's."
    ),
    "forum_conversation.Post.updated_by": (
        "Who last edited a post, often a moderator editing someone else's: the "
        "post is its poster's."
    ),
    "forum_conversation.Post.username": (
        "Set only on visitors' posts (the name a visitor typed); members' posts "
        "carry the poster instead."
    ),
    "community_forum.PostReport.resolved_by": (
        "Moderation of other people's reports and posts."
    ),
    "community_forum.SentDigest.user": (
        "Only which days' digest emails went, kept for a month so that none is "
        "sent twice; the topics they listed are in the forum."
    ),
    "community_forum.ModerationLogEntry.actor": (
        "Moderation of other people's posts; entries name held posts that are theirs."
    ),
    "voices.ModerationDecision.actor": (
        "Decisions on residents' and families' views: their words, not the moderator's."
    ),
    "voices.SafeguardingConcern.flagged_by": (
        "A safeguarding record about a resident's view."
    ),
    "voices.SafeguardingConcern.acknowledged_by": (
        "A safeguarding record about a resident's view."
    ),
    "wagtailadmin.EditingSession.user": (
        "Who has an admin page open right now; gone within minutes."
    ),
    "wagtailadmin.FormState.user": (
        "An unsaved draft of site content in an admin form, not about the person."
    ),
    "wagtailcore.UploadedFile.uploaded_by_user": (
        "A half-finished upload of site content, not about the person."
    ),
    "wagtailcore.Page.owner": _EDITORIAL,
    "wagtailcore.Page.locked_by": _EDITORIAL,
    "wagtailcore.Revision.user": _EDITORIAL,
    "wagtailcore.PageLogEntry.user": _EDITORIAL,
    "wagtailcore.ModelLogEntry.user": _EDITORIAL,
    "wagtailcore.WorkflowState.requested_by": _EDITORIAL,
    "wagtailcore.TaskState.finished_by": _EDITORIAL,
    "wagtailcore.Comment.resolved_by": _EDITORIAL,
    "wagtaildocs.Document.uploaded_by_user": _EDITORIAL,
    "wagtailimages.Image.uploaded_by_user": _EDITORIAL,
    "admin.LogEntry.user": _EDITORIAL,
    "cms.ContactDetails.email": _NETWORK_ADDRESS,
    "voices.StatementResponse.created_by": (
        "A public response written for the network or an organisation, not "
        "about the person."
    ),
    "casestudies.CaseStudyPage.contact_email": _CASE_STUDY_CONTACT,
    "impact.TriedReport.decided_by": (
        "Moderation of other people's we-tried-this reports."
    ),
    "impact.TriedFollowUp.decided_by": (
        "Moderation of other people's we-tried-this updates."
    ),
    "impact.ValueStory.decided_by": "Moderation of other people's value stories.",
}

KEPT_AFTER_DELETION: dict[str, str] = {
    "cms.ContactDetails.email": _NETWORK_ADDRESS,
    "forum_conversation.Topic.poster": (
        "Threads stay readable for everyone who replied; the topic is by the "
        "emptied account."
    ),
    "forum_conversation.Post.poster": (
        "Threads stay readable for everyone who replied; the post is by the "
        "emptied account."
    ),
    "forum_conversation.Post.updated_by": _AUDIT,
    "community_forum.PostReport.reporter": (
        "Moderators need the history of a post's reports and what was done; "
        "the reporter is the emptied account, never emailed again."
    ),
    "community_forum.PostReport.resolved_by": _AUDIT,
    "community_forum.ModerationLogEntry.actor": (
        _AUDIT + " A log line that named the account now says “a deleted account”."
    ),
    "members.MemberProfile.decided_by": _AUDIT,
    "casestudies.CaseStudySubmission.submitter": (
        "The case study is the area's, published or with the editors; the record "
        "of who shared it points at the emptied account, which has no address "
        "and is never emailed."
    ),
    "voices.StatementResponse.created_by": _AUDIT,
    "impact.TriedReport.decided_by": _AUDIT,
    "impact.TriedFollowUp.decided_by": _AUDIT,
    "impact.ValueStory.decided_by": _AUDIT,
    "voices.Submission.entered_by": (
        "The shared view is the resident's, kept for them; who typed it in is "
        "part of its audit trail."
    ),
    "voices.ModerationDecision.actor": (
        _AUDIT + " A safeguarding entry that named the address now says "
        "“a deleted account”."
    ),
    "voices.SafeguardingConcern.flagged_by": (
        "A safeguarding record must show the concern was raised."
    ),
    "voices.SafeguardingConcern.acknowledged_by": (
        "A safeguarding record must show the concern was acknowledged."
    ),
    "voices.SafeguardingAlert.recipient": (
        "A sent safeguarding email stays in the outbox record, its address "
        "replaced by “a deleted account”; unsent ones to the address are deleted."
    ),
    "wagtailcore.Comment.user": (
        "Editors' discussion of a page that others replied to; by the emptied account."
    ),
    "wagtailcore.CommentReply.user": (
        "Editors' discussion of a page that others replied to; by the emptied account."
    ),
    "wagtailcore.Comment.resolved_by": _EDITORIAL,
    "wagtailcore.Page.owner": _EDITORIAL,
    "wagtailcore.Revision.user": _EDITORIAL,
    "wagtailcore.PageLogEntry.user": _EDITORIAL,
    "wagtailcore.ModelLogEntry.user": _EDITORIAL,
    "wagtailcore.WorkflowState.requested_by": _EDITORIAL,
    "wagtailcore.TaskState.finished_by": _EDITORIAL,
    "wagtaildocs.Document.uploaded_by_user": _EDITORIAL,
    "wagtailimages.Image.uploaded_by_user": _EDITORIAL,
    "admin.LogEntry.user": _EDITORIAL,
}

# Personal data that no field points at, and what happens to it.
OTHER_RECORDS: dict[str, str] = {
    "sessions": "Every signed-in session of the account is deleted.",
    "uploaded avatars": (
        "The forum avatar and the admin avatar files are deleted with their rows."
    ),
    "page locks": "Pages the account had locked are unlocked.",
    "cached pages": (
        "Deleting the member profile empties the page cache, so no cached "
        "page shows the old display name."
    ),
    "rate-limit counters": (
        "Counts in the cache, keyed by a hash of the account id; they expire "
        "within the hour."
    ),
    "background tasks": (
        "Queued tasks carry ids, never addresses; each reads the account when "
        "it runs and finds it inactive, without an address."
    ),
    "names in kept text": (
        "A moderation log line naming the account (“made forum moderator”), and "
        "safeguarding audit entries and mail-server errors naming the address, "
        "say “a deleted account” instead."
    ),
    "VOICES_SAFEGUARDING_EMAILS": (
        "An address in this setting is configuration, not account data: an "
        "administrator must take it out."
    ),
}
