"""Content fields entered per language in the admin (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from events.models import (
    Edition,
    EditionLink,
    EditionPage,
    EditionPartner,
    Material,
    Objective,
    Organisation,
    Place,
    Series,
    Session,
    Speaker,
    Venue,
)


@register(Series)
class SeriesTranslation(TranslationOptions):
    fields = ("description",)


@register(Edition)
class EditionTranslation(TranslationOptions):
    fields = (
        "title",
        "theme",
        "subtitle",
        "summary",
        "description",
        "context",
        "attendance_note",
        "host_region",
        "report",
        "highlights",
    )
    required_languages = {"en": ("title", "theme", "summary")}


@register(Venue)
class VenueTranslation(TranslationOptions):
    fields = ("description", "directions", "accessibility")


@register(Place)
class PlaceTranslation(TranslationOptions):
    fields = ("location_detail",)


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("description", "logo_alt")


@register(EditionPartner)
class EditionPartnerTranslation(TranslationOptions):
    fields = ("role_detail",)


@register(Objective)
class ObjectiveTranslation(TranslationOptions):
    fields = ("text",)
    required_languages = {"en": ("text",)}


@register(EditionLink)
class EditionLinkTranslation(TranslationOptions):
    fields = ("label",)
    required_languages = {"en": ("label",)}


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title", "description", "summary")
    required_languages = {"en": ("title",)}


@register(Speaker)
class SpeakerTranslation(TranslationOptions):
    fields = ("job_title", "bio", "photo_alt")


@register(EditionPage)
class EditionPageTranslation(TranslationOptions):
    fields = ("body",)
    required_languages = {"en": ("body",)}


@register(Material)
class MaterialTranslation(TranslationOptions):
    fields = ("title",)
    required_languages = {"en": ("title",)}
