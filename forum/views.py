"""Our forum pages: reporting, the reports queue, topic settings, following.

Each view parses input with a form, calls one function in ``reports``,
``moderation`` or ``notifications``, and renders.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from machina.core.db.models import get_model

from ehch import roles
from ehch.accounts.ratelimit import client_ip, hit
from ehch.numbers import parse_id

from . import answers, moderation, notifications, reports, visibility
from .forms import (
    ForumEmailSettingsForm,
    ForumSubscriptionForm,
    ModerationDecisionForm,
    ReportPostForm,
    ResolveReportForm,
    TopicSettingsForm,
    VisitorReportForm,
)
from .models import (
    ForumSubscription,
    MentionOptOut,
    ModerationLogEntry,
    PendingPostEdit,
    PostReport,
    TopicSettings,
)

Forum = get_model("forum", "Forum")
Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")

REPORT_RATE = (10, 3600)  # a member's reports per hour


def _data(request: HttpRequest):
    # Bind forms on every POST, even an empty one, so it shows its errors.
    return request.POST if request.method == "POST" else None


def _handler(request: HttpRequest):
    return request.forum_permission_handler


def _readable_post(request: HttpRequest, pk: int):
    post = get_object_or_404(
        Post.objects.select_related("topic", "topic__forum", "poster"),
        pk=pk,
        approved=True,
    )
    if not _handler(request).can_read_forum(post.topic.forum, request.user):
        raise PermissionDenied
    if not visibility.can_see_post(post, request.user, _handler(request)):
        raise Http404  # a held topic: as if it did not exist
    return post


def report_post(request: HttpRequest, pk: int) -> HttpResponse:
    """A member reports a post; visitors are sent to the visitor report form."""
    if not request.user.is_authenticated:
        url = reverse("community_forum:report_content")
        return redirect(f"{url}?post={int(pk)}")
    post = _readable_post(request, pk)
    form = ReportPostForm(_data(request))
    if request.method == "POST" and form.is_valid():
        limit, window = REPORT_RATE
        if hit("forum-report", f"user:{request.user.pk}", limit, window) is not None:
            form.add_error(
                None,
                "You have sent a lot of reports in a short time. "
                "Please try again in an hour.",
            )
        else:
            reports.report_post(
                post,
                request.user,
                form.cleaned_data["reason"],
                form.cleaned_data["details"],
            )
            messages.success(
                request, "Thank you. A moderator will look at your report."
            )
            return redirect(notifications.topic_path(post.topic) + f"?post={post.pk}")
    return render(
        request,
        "community_forum/report_post.html",
        {"form": form, "post": post, "topic": post.topic, "forum": post.topic.forum},
    )


def report_content(request: HttpRequest) -> HttpResponse:
    """Anyone, signed in or not, reports illegal or harmful content."""
    initial = {}
    post_pk = parse_id(request.GET.get("post"))
    if post_pk is not None:
        post = (
            Post.objects.select_related("topic", "topic__forum")
            .filter(pk=post_pk, approved=True)
            .first()
        )
        if post is not None and visibility.can_see_post(post, request.user):
            initial["url"] = request.build_absolute_uri(
                notifications.topic_path(post.topic) + f"?post={post.pk}"
            )
    form = VisitorReportForm(_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        limit, window = settings.FORUM_VISITOR_REPORT_RATE
        if hit("forum-visitor-report", client_ip(request), limit, window) is not None:
            form.add_error(
                None,
                "We have received a lot of reports from you in a short time. "
                "Please try again in an hour.",
            )
        else:
            reports.report_content(
                form.cleaned_data["url"],
                form.cleaned_data["reason"],
                form.cleaned_data["details"],
                form.cleaned_data["email"],
            )
            return render(request, "community_forum/report_content_done.html")
    return render(request, "community_forum/report_content.html", {"form": form})


def _moderated_forums(request: HttpRequest) -> list:
    forums = _handler(request).get_moderation_queue_forums(request.user)
    if not forums:
        raise PermissionDenied
    return forums


def _visible_reports(request: HttpRequest):
    forums = _moderated_forums(request)
    # Names shown are display names: each person's profile comes joined.
    queryset = PostReport.objects.select_related(
        "post",
        "post__topic",
        "reporter__member_profile",
        "resolved_by__member_profile",
    )
    if roles.is_moderator(request.user):
        return queryset
    # Forum-scoped moderators see reports of posts in their forums only.
    return queryset.filter(post__topic__forum__in=forums)


@login_required
def report_queue(request: HttpRequest) -> HttpResponse:
    """Moderators: open reports, then the recently resolved ones."""
    visible = _visible_reports(request)
    return render(
        request,
        "community_forum/report_queue.html",
        {
            "open_reports": visible.open(),
            "resolved_reports": visible.filter(resolved_at__isnull=False).order_by(
                "-resolved_at"
            )[:20],
        },
    )


def _resolved_message(report: PostReport, outcome: str, sent: dict[str, bool]) -> str:
    parts = ["The report has been resolved."]
    if report.reporter_id or report.reporter_email:
        parts.append(
            "We emailed the person who reported it."
            if sent["reporter"]
            else "We could not email the person who reported it."
        )
    if outcome == PostReport.Outcome.MEMBER_WARNED:
        parts.append(
            "We emailed the member your warning."
            if sent["member"]
            else "We could not email the member your warning: they have no "
            "working email address."
        )
    return " ".join(parts)


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Moderators: read one report and resolve it."""
    report = get_object_or_404(_visible_reports(request), pk=pk)
    form = ResolveReportForm(_data(request), report=report)
    if request.method == "POST" and report.is_open and form.is_valid():
        sent = moderation.resolve_report(
            report,
            request.user,
            form.cleaned_data["outcome"],
            form.cleaned_data["note"],
            warning=form.cleaned_data["warning"],
        )
        if sent is None:
            messages.info(request, "Another moderator had already resolved it.")
        else:
            messages.success(
                request, _resolved_message(report, form.cleaned_data["outcome"], sent)
            )
        return redirect("community_forum:report_queue")
    return render(
        request, "community_forum/report_detail.html", {"report": report, "form": form}
    )


@login_required
def held_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Moderators of the forum: compare a held edit with the approved post, decide.

    "Approve" writes the edit into the post; "Disapprove" (a reason is
    required, and emailed to the author with their text) discards it.
    """
    pending = get_object_or_404(PendingPostEdit.objects.waiting(), pk=pk)
    if not _handler(request).can_approve_posts(pending.post.topic.forum, request.user):
        raise PermissionDenied
    form = ModerationDecisionForm()
    if request.method == "POST" and "approve" in request.POST:
        emailed = moderation.approve_edit(pending, request.user)
        messages.success(
            request,
            notifications.emailed_message("The edit has been published.", emailed),
        )
        return redirect("forum_moderation:queue")
    if request.method == "POST":
        form = ModerationDecisionForm(request.POST)
        if form.is_valid():
            emailed = moderation.disapprove_edit(
                pending, request.user, form.cleaned_data["reason"]
            )
            messages.success(
                request,
                notifications.emailed_message(
                    "The edit has been discarded; the post keeps its approved version.",
                    emailed,
                ),
            )
            return redirect("forum_moderation:queue")
    return render(
        request,
        "community_forum/held_edit.html",
        {"pending": pending, "post": pending.post, "form": form},
    )


@login_required
def moderation_log(request: HttpRequest) -> HttpResponse:
    """Moderators: the latest moderation actions."""
    _moderated_forums(request)
    entries = visibility.visible_log_entries(
        request.user,
        ModerationLogEntry.objects.select_related("actor__member_profile"),
        _handler(request),
    )[:200]
    return render(request, "community_forum/moderation_log.html", {"entries": entries})


@login_required
def topic_settings(request: HttpRequest, pk: int) -> HttpResponse:
    """Moderators of the forum: slow mode and timed close for a topic."""
    topic = get_object_or_404(Topic.objects.select_related("forum"), pk=pk)
    if not _handler(request).can_lock_topics(topic.forum, request.user):
        raise PermissionDenied
    current = TopicSettings.objects.filter(topic=topic).first()
    initial = {}
    if current:
        initial = {
            "slow_mode_minutes": current.slow_mode_seconds // 60,
            "close_at": current.close_at,
        }
    form = TopicSettingsForm(_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        moderation.update_topic_settings(
            topic,
            request.user,
            slow_mode_seconds=form.cleaned_data["slow_mode_minutes"] * 60,
            close_at=form.cleaned_data["close_at"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, "The topic settings have been saved.")
        return redirect(notifications.topic_path(topic))
    return render(
        request,
        "community_forum/topic_settings.html",
        {"form": form, "topic": topic, "forum": topic.forum},
    )


@login_required
def forum_subscription(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow or stop following a forum."""
    forum = get_object_or_404(Forum, pk=pk, type=Forum.FORUM_POST)
    if not _handler(request).can_read_forum(forum, request.user):
        raise PermissionDenied
    current = ForumSubscription.objects.filter(user=request.user, forum=forum).first()
    form = ForumSubscriptionForm(
        _data(request),
        initial={"daily_digest": "1" if current and current.daily_digest else "0"},
    )
    if request.method == "POST":
        if "stop" in request.POST:
            ForumSubscription.objects.filter(user=request.user, forum=forum).delete()
            messages.success(request, f"You no longer follow {forum.name}.")
            return redirect("forum:forum", slug=forum.slug, pk=forum.pk)
        if form.is_valid():
            ForumSubscription.objects.update_or_create(
                user=request.user,
                forum=forum,
                defaults={"daily_digest": form.cleaned_data["daily_digest"]},
            )
            messages.success(request, f"You now follow {forum.name}.")
            return redirect("forum:forum", slug=forum.slug, pk=forum.pk)
    return render(
        request,
        "community_forum/forum_subscription.html",
        {"form": form, "forum": forum, "current": current},
    )


@login_required
def email_settings(request: HttpRequest) -> HttpResponse:
    """The forum emails someone gets: mentions on or off, and what they follow."""
    opted_out = MentionOptOut.objects.filter(user=request.user).exists()
    form = ForumEmailSettingsForm(
        _data(request), initial={"mentions": "0" if opted_out else "1"}
    )
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["mentions"]:
            MentionOptOut.objects.filter(user=request.user).delete()
            messages.success(request, "We will email you when someone mentions you.")
        else:
            MentionOptOut.objects.get_or_create(user=request.user)
            messages.success(
                request, "We will not email you when someone mentions you."
            )
        return redirect("community_forum:email_settings")
    follows = ForumSubscription.objects.filter(user=request.user).select_related(
        "forum"
    )
    return render(
        request,
        "community_forum/email_settings.html",
        {"form": form, "follows": follows},
    )


@csrf_exempt  # the signed token is the credential; mail programs POST without a page
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One-click unsubscribe from an email, without signing in.

    GET shows one button (link scanners in mail systems follow links, so a GET
    must not unsubscribe); POST, from that button or from a mail program's
    RFC 8058 one-click, unsubscribes.
    """
    data = notifications.read_unsubscribe_token(token)
    if data is None:
        return render(
            request, "community_forum/unsubscribe.html", {"invalid": True}, status=400
        )
    if request.method == "POST":
        what = notifications.unsubscribe(data)
        return render(
            request, "community_forum/unsubscribe.html", {"done": True, "what": what}
        )
    return render(
        request,
        "community_forum/unsubscribe.html",
        {"token": token, "kind": data["k"]},
    )


@login_required
def mark_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a reply as its topic's answer, or clear the mark (POST only)."""
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    post = _readable_post(request, pk)
    topic = post.topic
    try:
        if request.POST.get("action") == "clear":
            cleared = answers.clear(topic, request.user, _handler(request))
            text = "The answer mark is removed." if cleared else "No reply was marked."
        else:
            answers.mark(post, request.user, _handler(request))
            text = "Marked as the answer. It is shown under the question."
    except answers.AnswerError as error:
        messages.error(request, f"{error} Nothing was changed.")
    else:
        messages.success(request, text)
    return redirect(f"{notifications.topic_path(topic)}?post={post.pk}#{post.pk}")
