from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("B2B meetings")

    def ready(self) -> None:
        from meetings import emails, personal_data, receivers  # noqa: F401  (registries)
        from meetings.models import has_matchmaking
        from networking.extensions import add_area_link, add_profile_action

        add_area_link(
            "meetings:mine",
            _("My meetings"),
            has_matchmaking,
        )
        add_profile_action("meetings/_profile_action.html")
