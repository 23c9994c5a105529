"""Member URLs under /members/ (accounts themselves are allauth's, at /accounts/)."""

from django.urls import path

from ehch.accounts import views

app_name = "members"

urlpatterns = [
    path("me/", views.my_profile, name="me"),
    path("me/export/", views.export_data, name="export"),
    path("me/delete/", views.delete_account, name="delete"),
    # By account number: a username is never shown, not even in an address.
    path("<int:user_id>/", views.profile_detail, name="profile"),
]
