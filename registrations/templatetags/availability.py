"""What an edition's pages say about its registrations (places left, who is coming), for
the pages of the programme, which know nothing of registrations: the template asks, and the
registration services tell the page cache when the answer changes."""

from django import template
from django_countries.fields import Country

from events.models import Edition, Session
from registrations.figures import (
    Availability,
    SessionPlaces,
    WhoIsComing,
    availability,
    session_places,
    who_is_coming,
)
from registrations.models import Category

register = template.Library()


@register.simple_tag
def edition_availability(edition: Edition) -> Availability:
    return availability(edition)


@register.simple_tag
def edition_participants(edition: Edition) -> WhoIsComing:
    return who_is_coming(edition)


@register.simple_tag
def places_of(session: Session) -> SessionPlaces:
    return session_places(session)


@register.simple_tag
def get_country(code: str) -> Country:
    return Country(code)


@register.filter
def category_label(value: str) -> str:
    return str(Category(value).label)
