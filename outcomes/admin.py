"""The evaluation in the admin: its settings and questions, and links to the results and the
files for funders from each edition's page."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from common import admin_extensions
from common.dates import format_date
from events.models import Edition
from outcomes.models import Evaluation, Question


class QuestionInline(TranslationTabularInline):
    model = Question
    extra = 0
    fields = ["order", "text", "kind", "choices", "required"]


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["edition", "survey_on", "anonymous", "follow_up_months"]
    inlines = [QuestionInline]
    readonly_fields = ["files"]
    fieldsets = [
        (None, {"fields": ["edition", "files"]}),
        (
            _("Feedback survey"),
            {"fields": ["survey_on", "anonymous", "open_days", "reminder_days", "rates_sessions"]},
        ),
        (_("Meetings"), {"fields": ["follow_up_months"]}),
        (_("Reporting to funders"), {"fields": ["project_name", "funding_line"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = [*self.readonly_fields]
        if obj is not None:
            fields.append("edition")
            if obj.responses.exists():
                fields.append("anonymous")  # answers given under a promise keep it
        return fields

    @admin.display(description=_("results and files"))
    def files(self, evaluation: Evaluation) -> str:
        return evaluation_links(evaluation.edition) if evaluation.pk else "–"


def evaluation_links(edition: Edition) -> str:
    if edition.pk is None:
        return "–"
    links = [
        (reverse("outcomes_admin:results", args=[edition.pk]), _("Results")),
        (reverse("outcomes_admin:report_pdf", args=[edition.pk]), _("Report (PDF)")),
        (reverse("outcomes_admin:report_xlsx", args=[edition.pk]), _("Report (Excel)")),
        (
            reverse("outcomes_admin:participant_list", args=[edition.pk]),
            _("Participant list for the funder (Excel)"),
        ),
        (
            reverse("outcomes_admin:certificates", args=[edition.pk]),
            _("Certificates of attendance (ZIP)"),
        ),
        *(
            (
                reverse("outcomes_admin:signature_sheets", args=[edition.pk, day.isoformat()]),
                _("Signature sheets, %(day)s (PDF)") % {"day": format_date(day, "l j F")},
            )
            for day in edition.days
        ),
    ]
    if (evaluation := Evaluation.objects.filter(edition=edition).first()) is not None:
        links.append(
            (
                reverse("admin:outcomes_evaluation_change", args=[evaluation.pk]),
                _("Survey and reporting settings"),
            )
        )
    return format_html(
        "<ul class='evaluation-links'>{}</ul>",
        format_html_join("", '<li><a href="{}">{}</a></li>', links),
    )


admin_extensions.add_panel(Edition, _("What the edition achieved"), evaluation_links)
