from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PitchesConfig(AppConfig):
    name = "pitches"
    verbose_name = _("Calls for pitches")

    def ready(self) -> None:
        from common import page_parts
        from events import caching
        from outcomes import report
        from pitches import emails, personal_data, receivers  # noqa: F401  (registries)
        from pitches.parts import (
            call_moments,
            has_open_call,
            is_applicant,
            session_has_call_or_vote,
        )
        from pitches.results import report_tables

        page_parts.add("edition_sections", "pitches/_edition_call.html", shown=has_open_call)
        page_parts.add("agenda_pitching_session", "pitches/_agenda_call.html", shown=has_open_call)
        page_parts.add(
            "session_sections", "pitches/_session_call.html", shown=session_has_call_or_vote
        )
        page_parts.add("registration_manage", "pitches/_manage_section.html", shown=is_applicant)
        caching.add_moment_source(call_moments)
        report.add_tables(report_tables)
