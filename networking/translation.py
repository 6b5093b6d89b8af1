"""The sector list in English and Italian (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from networking.models import Sector


@register(Sector)
class SectorTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = {"en": ("name",)}
