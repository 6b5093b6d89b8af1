from django import template

from meetings.models import has_matchmaking

register = template.Library()
register.simple_tag(has_matchmaking, name="edition_has_meetings")
