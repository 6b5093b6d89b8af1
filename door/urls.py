from django.urls import path

from door import views

app_name = "door"

urlpatterns = [
    path("door/sign-in/", views.sign_in, name="sign_in"),
    path("door/sign-out/", views.sign_out, name="sign_out"),
    path("<slug:edition_slug>/door/", views.desk, name="desk"),
    path("<slug:edition_slug>/door/check-in/", views.check_in, name="check_in"),
    path("<slug:edition_slug>/door/undo/", views.undo, name="undo"),
    path("<slug:edition_slug>/door/counts/", views.counts, name="counts"),
    path("<slug:edition_slug>/door/walk-in/", views.walk_in, name="walk_in"),
    path("<slug:edition_slug>/door/badges.pdf", views.badges_pdf, name="badges"),
    path("<slug:edition_slug>/door/desk-list.pdf", views.desk_list_pdf, name="desk_list"),
]
