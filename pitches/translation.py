"""The call's texts in English and Italian (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from pitches.models import Call, Category, Criterion


@register(Call)
class CallTranslation(TranslationOptions):
    fields = ("intro", "accepted_note", "reserve_note", "declined_note")
    required_languages = {"en": ("intro",)}


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = {"en": ("name",)}


@register(Criterion)
class CriterionTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"en": ("name",)}
