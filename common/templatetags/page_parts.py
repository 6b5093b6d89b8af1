from django import template
from django.utils.safestring import SafeString, mark_safe

from common.page_parts import parts_of

register = template.Library()


@register.simple_tag(takes_context=True)
def page_parts(context, place: str) -> SafeString:
    """Render the parts apps added to this place of the page, in order."""
    rendered = []
    for part in parts_of(place):
        if part.shown is not None and not part.shown(context):
            continue
        rendered.append(context.template.engine.get_template(part.template).render(context))
    return mark_safe("".join(rendered))
