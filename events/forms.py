from django import forms
from django.utils.translation import gettext_lazy as _

from events.dates import format_date
from events.models import Edition, Session


class AgendaFilterForm(forms.Form):
    """The agenda's day and type filter; a plain GET form so it works without JavaScript."""

    day = forms.TypedChoiceField(label=_("Day"), required=False, coerce=str, empty_value="")
    type = forms.ChoiceField(label=_("Session type"), required=False)

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].choices = [("", _("All days"))] + [
            (day.isoformat(), format_date(day, "l j F Y")) for day in edition.days
        ]
        self.fields["type"].choices = [("", _("All types")), *Session.Type.choices]
