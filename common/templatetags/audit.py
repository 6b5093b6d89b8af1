from django import template

from common.audit import describe

register = template.Library()


@register.filter
def history_message(entry) -> str:
    return describe(entry)
