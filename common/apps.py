from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = _("Site")

    def ready(self) -> None:
        from common import roles

        autodiscover_modules("roles")  # each app's roles.py declares what its roles may do
        post_migrate.connect(roles.sync_groups, dispatch_uid="common.roles.sync_groups")

        # The admin in the organisers' terms: the series, not "Django administration".
        from django.contrib import admin

        admin.site.site_header = _("Clusters meet Regions: organisers")
        admin.site.site_title = _("Clusters meet Regions")
        admin.site.index_title = _("Run the editions")
