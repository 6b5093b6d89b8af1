from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DoorConfig(AppConfig):
    name = "door"
    verbose_name = _("At the door")

    def ready(self) -> None:
        from door import downloads  # noqa: F401  (the worker's files)
