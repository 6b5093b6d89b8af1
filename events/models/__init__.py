"""The programme of the series: editions, venues, sessions and speakers, by subject."""

from events.models.content_version import ContentVersion
from events.models.edition_parts import Contact, EditionLink, EditionPartner, Objective
from events.models.editions import (
    RESERVED_EDITION_SLUGS,
    Edition,
    EditionQuerySet,
    reserved_edition_slugs,
    validate_edition_slug,
    validate_time_zone,
)
from events.models.materials import Material, validate_pdf
from events.models.pages import EditionPage
from events.models.series import Organisation, Series
from events.models.sessions import Session, SessionQuerySet, SessionSpeaker, Speaker, choice_label
from events.models.venues import Place, Venue

__all__ = [
    "RESERVED_EDITION_SLUGS",
    "Contact",
    "ContentVersion",
    "Edition",
    "EditionLink",
    "EditionPage",
    "EditionPartner",
    "EditionQuerySet",
    "Material",
    "Objective",
    "Organisation",
    "Place",
    "Series",
    "Session",
    "SessionQuerySet",
    "SessionSpeaker",
    "Speaker",
    "Venue",
    "choice_label",
    "reserved_edition_slugs",
    "validate_edition_slug",
    "validate_pdf",
    "validate_time_zone",
]
