from django.urls import path

from registrations import views

app_name = "registrations"

urlpatterns = [
    path("<slug:edition_slug>/register/", views.register, name="register"),
    path("<slug:edition_slug>/register/check-your-email/", views.check_email, name="check_email"),
    path("<slug:edition_slug>/register/confirm/<str:token>/", views.confirm, name="confirm"),
    path("<slug:edition_slug>/privacy/", views.privacy, name="privacy"),
    path("<slug:edition_slug>/my-registration/<str:token>/", views.manage, name="manage"),
    path("<slug:edition_slug>/my-registration/<str:token>/cancel/", views.cancel, name="cancel"),
    path(
        "<slug:edition_slug>/my-registration/<str:token>/my-agenda/",
        views.my_agenda,
        name="my_agenda",
    ),
    path("<slug:edition_slug>/my-registration/<str:token>/erase/", views.erase, name="erase"),
    path(
        "<slug:edition_slug>/my-registration/<str:token>/new-address/",
        views.request_new_address,
        name="request_new_address",
    ),
    path(
        "<slug:edition_slug>/new-address/<str:token>/",
        views.confirm_new_address,
        name="confirm_new_address",
    ),
    path(
        "<slug:edition_slug>/my-registration/<str:token>/stop-news/",
        views.stop_news,
        name="stop_news",
    ),
    path(
        "<slug:edition_slug>/my-registration/<str:token>/new-links/",
        views.replace_links,
        name="replace_links",
    ),
    path(
        "<slug:edition_slug>/my-calendar/<str:token>.ics", views.personal_calendar, name="calendar"
    ),
    path(
        "<slug:edition_slug>/my-registration/<str:token>/my-data.json",
        views.personal_data,
        name="data",
    ),
]
