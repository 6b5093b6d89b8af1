"""The overview's links on the editions' admin list and pages."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from common import admin_extensions
from events.models import Edition


@admin.display(description=_("overview"))
def overview_link(edition: Edition) -> str:
    if edition.pk is None:
        return "–"
    return format_html(
        '<a href="{}">{}</a>',
        reverse("overview:edition", args=[edition.pk]),
        _("Figures and what is left to do"),
    )


admin_extensions.add_panel(Edition, _("Overview"), overview_link)
admin_extensions.add_column(Edition, overview_link)
