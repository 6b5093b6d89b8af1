from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "live"
    verbose_name = _("Live at the venue")

    def ready(self) -> None:
        from common import page_parts
        from live import personal_data  # noqa: F401  (registry)
        from live.parts import takes_questions
        from live.results import report_tables
        from outcomes import report

        page_parts.add(
            "session_sections", "live/_session_questions.html", order=10, shown=takes_questions
        )
        report.add_tables(report_tables)
