from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverviewConfig(AppConfig):
    name = "overview"
    verbose_name = _("Overview")

    def ready(self) -> None:
        from overview import admin  # noqa: F401  (the links on the editions' admin pages)
