from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkingConfig(AppConfig):
    name = "networking"
    verbose_name = _("Networking")

    def ready(self) -> None:
        from networking import emails, personal_data, receivers  # noqa: F401  (registries)
