from django.urls import path

from networking import views

app_name = "networking"

urlpatterns = [
    path("<slug:edition_slug>/participants/", views.area, name="area"),
    path(
        "<slug:edition_slug>/participants/sign-in/", views.request_sign_in, name="request_sign_in"
    ),
    path("<slug:edition_slug>/participants/sign-in/<str:token>/", views.sign_in, name="sign_in"),
    path("<slug:edition_slug>/participants/sign-out/", views.sign_out, name="sign_out"),
    path("<slug:edition_slug>/participants/enter/", views.enter, name="enter"),
    path("<slug:edition_slug>/participants/my-profile/", views.edit_profile, name="edit_profile"),
    path(
        "<slug:edition_slug>/participants/my-profile/start-from-earlier/",
        views.start_from_earlier,
        name="start_from_earlier",
    ),
    path("<slug:edition_slug>/participants/directory/", views.directory, name="directory"),
    path("<slug:edition_slug>/participants/people/<int:pk>/", views.profile_detail, name="profile"),
    path("<slug:edition_slug>/participants/marketplace/", views.marketplace, name="marketplace"),
    path("<slug:edition_slug>/participants/entries/new/", views.new_entry, name="new_entry"),
    path("<slug:edition_slug>/participants/entries/<int:pk>/", views.edit_entry, name="edit_entry"),
    path("<slug:edition_slug>/participants/bookmarks/", views.toggle_bookmark, name="bookmark"),
]
