"""Slides, recordings and documents on a session's or an edition's admin page."""

from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from events.models import Material


class MaterialInline(TranslationTabularInline):
    """Slides, recordings and documents; a session's, or (on the edition) the whole edition's."""

    model = Material
    extra = 0
    fields = ["kind", "title", "file", "url", "order", "speaker"]
    readonly_fields = ["speaker"]


class EditionMaterialInline(MaterialInline):
    fk_name = "edition"
    verbose_name_plural = _("materials of the whole edition")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(session__isnull=True)


class SessionMaterialInline(MaterialInline):
    fk_name = "session"


class MaterialsOfSessionsMixin:
    """Materials added on a session's page belong to that session's edition."""

    def save_formset(self, request, form, formset, change):
        if formset.model is Material:
            for material in formset.save(commit=False):
                material.edition_id = material.session.edition_id
                material.save()
            for material in formset.deleted_objects:
                material.delete()
            return
        super().save_formset(request, form, formset, change)
