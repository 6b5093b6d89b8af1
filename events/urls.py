from django.urls import path

from events import views
from events.feeds import EditionChangesFeed
from events.models import EditionPage

app_name = "events"

urlpatterns = [
    path("", views.home, name="home"),
    path("editions/", views.archive, name="archive"),
    path("<slug:edition_slug>/", views.edition_detail, name="edition"),
    path("<slug:edition_slug>/preview/", views.edition_preview, name="edition_preview"),
    path("<slug:edition_slug>/theme.css", views.edition_theme, name="theme"),
    path("<slug:edition_slug>/share.png", views.edition_share_image, name="share_image"),
    path("<slug:edition_slug>/agenda/", views.agenda, name="agenda"),
    path("<slug:edition_slug>/agenda.ics", views.edition_ics, name="edition_ics"),
    path("<slug:edition_slug>/speakers/", views.speakers, name="speakers"),
    path("<slug:edition_slug>/venue/", views.venue, name="venue"),
    path(
        "<slug:edition_slug>/legal-notice/",
        views.edition_page,
        {"kind": EditionPage.Kind.LEGAL},
        name="legal",
    ),
    path(
        "<slug:edition_slug>/accessibility/",
        views.edition_page,
        {"kind": EditionPage.Kind.ACCESSIBILITY},
        name="accessibility",
    ),
    path(
        "<slug:edition_slug>/sessions/<slug:session_slug>/",
        views.session_detail,
        name="session",
    ),
    path(
        "<slug:edition_slug>/materials/<int:pk>/<str:name>",
        views.material_file,
        name="material",
    ),
    path(
        "<slug:edition_slug>/speaker-upload/<str:token>/",
        views.speaker_upload,
        name="speaker_upload",
    ),
    path("<slug:edition_slug>/changes.atom", EditionChangesFeed(), name="changes_feed"),
    path(
        "<slug:edition_slug>/sessions/<slug:session_slug>/share.png",
        views.session_share_image,
        name="session_share_image",
    ),
    path(
        "<slug:edition_slug>/sessions/<slug:session_slug>.ics",
        views.session_ics,
        name="session_ics",
    ),
]
