from django.urls import path

from pitches import views

app_name = "pitches"

urlpatterns = [
    path("<slug:edition_slug>/pitches/", views.call_page, name="call"),
    path("<slug:edition_slug>/pitches/check-your-email/", views.check_email, name="check_email"),
    path("<slug:edition_slug>/pitches/vote/", views.vote, name="vote"),
    path(
        "<slug:edition_slug>/pitches/application/<str:token>/",
        views.application_page,
        name="application",
    ),
    path(
        "<slug:edition_slug>/pitches/application/<str:token>/deck.pdf",
        views.applicant_deck,
        name="deck",
    ),
    path(
        "<slug:edition_slug>/pitches/application/<str:token>/my-data.json",
        views.applicant_data,
        name="data",
    ),
    path(
        "<slug:edition_slug>/pitches/application/<str:token>/erase/",
        views.applicant_erase,
        name="erase",
    ),
]
