from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkingConfig(AppConfig):
    name = "networking"
    verbose_name = _("Networking")

    def ready(self) -> None:
        from common import page_parts
        from networking import emails, personal_data, receivers  # noqa: F401  (registries)

        page_parts.add("edition_nav", "networking/_nav_area.html", order=50)
        page_parts.add("registration_manage", "networking/_manage_section.html")
