"""Polls in English and Italian (django-modeltranslation); questions stay as asked."""

from modeltranslation.translator import TranslationOptions, register

from live.models import Poll, PollChoice


@register(Poll)
class PollTranslation(TranslationOptions):
    fields = ("question",)
    required_languages = {"en": ("question",)}


@register(PollChoice)
class PollChoiceTranslation(TranslationOptions):
    fields = ("text",)
    required_languages = {"en": ("text",)}
