"""The organisers' own survey questions in English and Italian (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from outcomes.models import Question


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text", "choices")
    required_languages = {"en": ("text",)}
