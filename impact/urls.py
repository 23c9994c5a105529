"""Public addresses under /we-tried-this/ (reports, updates and value stories)."""

from django.urls import path

from . import views

app_name = "impact"

urlpatterns = [
    path("yours/", views.mine, name="mine"),
    path("stories/", views.stories, name="stories"),
    path("stories/new/", views.story_new, name="story_new"),
    path("page/<str:number>/", views.report, name="report"),
    path("<str:number>/since/", views.follow_up, name="follow_up"),
]
