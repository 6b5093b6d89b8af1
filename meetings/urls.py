from django.urls import path

from meetings import views

app_name = "meetings"

base = "<slug:edition_slug>/participants/meetings/"
urlpatterns = [
    path(base, views.my_meetings, name="mine"),
    path(f"{base}print/", views.printable, name="print"),
    path(f"{base}today/", views.today, name="today"),
    path(f"{base}availability/", views.availability, name="availability"),
    path(f"{base}<int:pk>/", views.meeting_detail, name="meeting"),
    path(f"{base}open/<str:token>/", views.from_email, name="from_email"),
    path(
        "<slug:edition_slug>/participants/people/<int:pk>/meet/",
        views.request_meeting,
        name="request",
    ),
]
