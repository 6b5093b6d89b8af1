from django.contrib import admin
from django.urls import path

from overview import views

app_name = "overview"

urlpatterns = [
    path("<int:edition_id>/", admin.site.admin_view(views.overview), name="edition"),
]
