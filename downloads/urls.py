from django.urls import path

from downloads import views

app_name = "downloads"

urlpatterns = [
    path("downloads/<int:pk>/", views.download_page, name="download"),
    path("downloads/<int:pk>/file/", views.download_file, name="file"),
]
