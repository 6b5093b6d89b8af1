from django.urls import path

from outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("editions/figures/", views.series_figures, name="series_figures"),
    path(
        "<slug:edition_slug>/my-registration/<str:token>/feedback/",
        views.survey_page,
        name="survey",
    ),
    path(
        "<slug:edition_slug>/my-registration/<str:token>/meetings-outcomes/",
        views.meetings_page,
        name="meetings",
    ),
    path(
        "<slug:edition_slug>/my-registration/<str:token>/certificate.pdf",
        views.certificate,
        name="certificate",
    ),
    path("<slug:edition_slug>/certificates/<str:token>/", views.verify, name="verify"),
]
