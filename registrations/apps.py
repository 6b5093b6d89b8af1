from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = _("Registrations")

    def ready(self):
        from common import page_parts
        from registrations import downloads, emails, personal_data, receivers  # noqa: F401

        page_parts.add("edition_nav", "registrations/_nav_register.html", order=900)
        page_parts.add("edition_footer", "registrations/_footer_privacy.html")
        page_parts.add("edition_band_action", "registrations/_band_register.html")
        page_parts.add("edition_after_facts", "registrations/_registration_call.html")
        page_parts.add("edition_sections", "registrations/_who_is_coming.html")
        page_parts.add("session_places", "registrations/_session_places.html")
