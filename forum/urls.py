"""Our forum pages, under /forum/tools/ (machina owns the rest of /forum/)."""

from django.urls import path

from . import views

app_name = "community_forum"

urlpatterns = [
    path("report/post/<int:pk>/", views.report_post, name="report_post"),
    path("report/", views.report_content, name="report_content"),
    path("reports/", views.report_queue, name="report_queue"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("edits/<int:pk>/", views.held_edit, name="held_edit"),
    path("log/", views.moderation_log, name="moderation_log"),
    path("topic/<int:pk>/settings/", views.topic_settings, name="topic_settings"),
    path("follow/<int:pk>/", views.forum_subscription, name="forum_subscription"),
    path("emails/", views.email_settings, name="email_settings"),
    path("answer/<int:pk>/", views.mark_answer, name="mark_answer"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
