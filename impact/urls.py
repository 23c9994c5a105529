"""Public addresses under /we-tried-this/."""

from django.urls import path

from . import views

app_name = "impact"

urlpatterns = [
    path("yours/", views.mine, name="mine"),
    path("page/<str:number>/", views.report, name="report"),
    path("<str:number>/since/", views.follow_up, name="follow_up"),
]
