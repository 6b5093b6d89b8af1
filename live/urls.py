from django.urls import path

from live import views

app_name = "live"

urlpatterns = [
    path(
        "<slug:edition_slug>/sessions/<slug:session_slug>/questions/",
        views.questions,
        name="questions",
    ),
    path(
        "<slug:edition_slug>/sessions/<slug:session_slug>/presenter/",
        views.presenter,
        name="presenter",
    ),
    path("<slug:edition_slug>/moderate/<str:token>/", views.moderate, name="moderate"),
    path("<slug:edition_slug>/screens/", views.venue_screen, name="venue_screen"),
    path("<slug:edition_slug>/screens/<int:place_id>/", views.place_screen, name="place_screen"),
]
