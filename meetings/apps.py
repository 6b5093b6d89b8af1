from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("B2B meetings")

    def ready(self) -> None:
        from common import page_parts
        from meetings import emails, personal_data, receivers  # noqa: F401  (registries)
        from meetings.models import has_matchmaking

        page_parts.add(
            "participants_area_nav",
            "meetings/_area_link.html",
            # A meeting page has the matchmaking already; other pages ask.
            shown=lambda context: (
                context.get("matchmaking") is not None or has_matchmaking(context["edition"])
            ),
        )
        page_parts.add("participant_profile_actions", "meetings/_profile_action.html")
