from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("", views.home, name="home"),
    path("editions/", views.archive, name="archive"),
    path("<slug:edition_slug>/", views.edition_detail, name="edition"),
    path("<slug:edition_slug>/agenda/", views.agenda, name="agenda"),
    path("<slug:edition_slug>/agenda.ics", views.edition_ics, name="edition_ics"),
    path("<slug:edition_slug>/speakers/", views.speakers, name="speakers"),
    path("<slug:edition_slug>/venue/", views.venue, name="venue"),
    path(
        "<slug:edition_slug>/sessions/<slug:session_slug>/",
        views.session_detail,
        name="session",
    ),
    path(
        "<slug:edition_slug>/sessions/<slug:session_slug>.ics",
        views.session_ics,
        name="session_ics",
    ),
]
