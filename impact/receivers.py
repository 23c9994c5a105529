"""Signal receivers: role permissions after migrate, and a member's reports.

A member's reports are in their download and go when they delete their account.
"""

from __future__ import annotations

from django.db.models.signals import post_migrate

from ehch.accounts.signals import member_data_requested, member_deleted

from .models import TriedReport, ValueStory


def grant_role_permissions(sender, **kwargs) -> None:
    """Keep the role groups' permissions in step with the code, idempotently."""
    if getattr(sender, "label", None) == "impact":
        from .roles import ensure_impact_roles

        ensure_impact_roles()


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def export_tried_reports(sender, user, **kwargs) -> dict:
    """The member's we-tried-this reports and updates, for their download."""
    reports = (
        TriedReport.objects.filter(member=user)
        .select_related("page", "outcome", "follow_up")
        .order_by("pk")
    )
    rows = []
    for report in reports:
        result, update = report.result, report.pending_follow_up
        rows.append(
            {
                "page": report.page.title,
                "area": report.area,
                "what_you_tried": report.adopted,
                "started": report.started_on.strftime("%Y-%m"),
                "what_changed": report.changed,
                "advice": report.advice,
                "result": None
                if result is None
                else {
                    "measure": result.measure,
                    "design": result.get_method_display(),
                    "period": result.when,
                },
                "status": report.get_status_display(),
                "sent_at": report.created_at.isoformat(),
                "decided_at": _iso(report.decided_at),
                "asked_what_happened_since_at": _iso(report.follow_up_sent_at),
                "update": None
                if update is None
                else {
                    "still_doing": update.get_still_doing_display(),
                    "what_happened_since": update.since,
                    "status": update.get_status_display(),
                    "sent_at": update.created_at.isoformat(),
                },
            }
        )
    stories = [
        {
            "title": story.title,
            "kind_of_value": story.get_cycle_display(),
            "story": story.story,
            "status": story.get_status_display(),
            "sent_at": story.created_at.isoformat(),
            "decided_at": _iso(story.decided_at),
        }
        for story in ValueStory.objects.filter(author=user).order_by("pk")
    ]
    return {"we_tried_this_reports": rows, "value_stories": stories}


def erase_tried_reports(sender, user, **kwargs) -> None:
    """Delete the member's reports, results, updates and value stories.

    Inside the deletion.

    A report describes the member's own work and carries their name, so it
    goes with the account; the deletions take the reports out of search too.
    """
    for report in TriedReport.objects.filter(member=user):
        report.delete()
    ValueStory.objects.filter(author=user).delete()


def connect() -> None:
    """Connect the receivers (from the app's ``ready``)."""
    post_migrate.connect(grant_role_permissions, dispatch_uid="impact-roles")
    member_data_requested.connect(export_tried_reports, dispatch_uid="impact-export")
    member_deleted.connect(erase_tried_reports, dispatch_uid="impact-erase")
