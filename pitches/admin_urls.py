from django.contrib import admin
from django.urls import path

from pitches import admin_views as views

app_name = "pitches_admin"

urlpatterns = [
    path("<int:call_id>/", admin.site.admin_view(views.ranking), name="ranking"),
    path(
        "application/<int:application_id>/",
        admin.site.admin_view(views.review),
        name="review",
    ),
    path(
        "application/<int:application_id>/deck.pdf",
        admin.site.admin_view(views.deck),
        name="deck",
    ),
    path("<int:call_id>/decisions/", admin.site.admin_view(views.decisions), name="decisions"),
    path(
        "<int:call_id>/decisions/send/",
        admin.site.admin_view(views.send_decisions),
        name="send_decisions",
    ),
    path("<int:call_id>/votes/", admin.site.admin_view(views.votes), name="votes"),
]
