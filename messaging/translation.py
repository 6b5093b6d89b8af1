"""Announcements are written in English and Italian (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from messaging.models import Announcement, TimedMessage


@register(Announcement)
class AnnouncementTranslation(TranslationOptions):
    fields = ("subject", "body")
    required_languages = {"en": ("subject", "body")}


@register(TimedMessage)
class TimedMessageTranslation(TranslationOptions):
    fields = ("subject", "body")
    required_languages = {"en": ("subject", "body")}
