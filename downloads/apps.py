from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DownloadsConfig(AppConfig):
    name = "downloads"
    verbose_name = _("Files made by the worker")

    def ready(self) -> None:
        from downloads import emails  # noqa: F401  (the outbox's registry)
