"""URLs of site search and saved searches, under /search/."""

from django.urls import path

from search import saved_views, views

urlpatterns = [
    path("", views.site_search, name="search"),
    path("saved/", saved_views.saved_list, name="search_saved"),
    path("saved/save/", saved_views.save, name="search_save"),
    path("saved/<int:pk>/delete/", saved_views.delete, name="search_saved_delete"),
    path(
        "saved/unsubscribe/<str:token>/",
        saved_views.unsubscribe,
        name="search_saved_unsubscribe",
    ),
]
