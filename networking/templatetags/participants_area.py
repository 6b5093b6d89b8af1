from django import template

from networking.extensions import AREA_LINKS, PROFILE_ACTIONS

register = template.Library()


@register.simple_tag
def area_links(edition):
    return [link for link in AREA_LINKS if link.shown_for(edition)]


@register.simple_tag
def profile_actions():
    return PROFILE_ACTIONS
