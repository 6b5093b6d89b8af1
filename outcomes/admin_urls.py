from django.contrib import admin
from django.urls import path

from outcomes import admin_views as views

app_name = "outcomes_admin"

urlpatterns = [
    path("<int:edition_id>/", admin.site.admin_view(views.results), name="results"),
    path("<int:edition_id>/report.pdf", admin.site.admin_view(views.report_pdf), name="report_pdf"),
    path(
        "<int:edition_id>/report.xlsx", admin.site.admin_view(views.report_xlsx), name="report_xlsx"
    ),
    path(
        "<int:edition_id>/participants.xlsx",
        admin.site.admin_view(views.participant_list),
        name="participant_list",
    ),
    path(
        "<int:edition_id>/certificates.zip",
        admin.site.admin_view(views.certificates),
        name="certificates",
    ),
    path(
        "<int:edition_id>/signatures/<str:day>.pdf",
        admin.site.admin_view(views.signature_sheets),
        name="signature_sheets",
    ),
]
