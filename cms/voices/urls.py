"""Public addresses under /what-good-looks-like/ (theme pages last)."""

from django.urls import path

from . import views

app_name = "voices"

urlpatterns = [
    path("", views.index, name="index"),
    path("share/", views.share, name="share"),
    path("share/thank-you/", views.share_done, name="share_done"),
    path("share/paper/", views.paper_form, name="paper_form"),
    path("withdraw/", views.withdraw, name="withdraw"),
    path("withdraw/done/", views.withdraw_done, name="withdraw_done"),
    path("statements/<int:pk>/matters/", views.agree, name="agree"),
    path("<slug:slug>/", views.theme, name="theme"),
]
