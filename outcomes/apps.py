from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = _("What the edition achieved")

    def ready(self) -> None:
        from common import page_parts
        from outcomes import downloads, emails, personal_data, receivers  # noqa: F401  (registries)
        from outcomes.parts import asks_about_meetings, edition_has_figures, person_came_or_met

        page_parts.add(
            "registration_manage", "outcomes/_manage_section.html", shown=person_came_or_met
        )
        page_parts.add(
            "edition_figures", "outcomes/_edition_figures.html", shown=edition_has_figures
        )
        page_parts.add("meetings_top", "outcomes/_meetings_banner.html", shown=asks_about_meetings)
