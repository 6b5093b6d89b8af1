"""Whether an edition has places left, for the pages of the programme (which know nothing of
registrations: the template asks, and the registration services tell the page cache when the
answer changes)."""

from django import template

from events.models import Edition
from registrations.services import Availability, availability

register = template.Library()


@register.simple_tag
def edition_availability(edition: Edition) -> Availability:
    return availability(edition)
