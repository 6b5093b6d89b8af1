from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from common import images
        from events import emails  # noqa: F401  (declares the speakers' email)
        from events.caching import content_changed

        def invalidate_pages(sender, instance, **kwargs):
            content_changed(changed=instance)

        # A big picture's renditions, made by the worker, change the pages that show it.
        images.renditions_made.connect(
            lambda sender, **kwargs: content_changed(), weak=False, dispatch_uid="events.pictures"
        )
        # Cache invalidation is infrastructure, not business logic: every change to any
        # programme model must reach the cached pages, whoever makes it.
        for model in self.get_models():
            if model.__name__ != "ContentVersion":
                post_save.connect(invalidate_pages, sender=model, weak=False)
                post_delete.connect(invalidate_pages, sender=model, weak=False)

        from django.core.files.storage import default_storage

        from events.models import Material

        def remove_file(sender, instance, **kwargs):
            if instance.file:
                default_storage.delete(instance.file.name)

        # A material deleted with its session or edition takes its file along.
        post_delete.connect(remove_file, sender=Material, weak=False)
