from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from common.dates import format_date
from events.models import Edition, Material, Session


class AgendaFilterForm(forms.Form):
    """The agenda's day and type filter; a plain GET form so it works without JavaScript."""

    day = forms.TypedChoiceField(label=_("Day"), required=False, coerce=str, empty_value="")
    type = forms.ChoiceField(label=_("Session type"), required=False)
    q = forms.CharField(
        label=_("Search titles, speakers and descriptions"), required=False, max_length=100
    )

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].choices = [("", _("All days"))] + [
            (day.isoformat(), format_date(day, "l j F Y")) for day in edition.days
        ]
        self.fields["type"].choices = [("", _("All types")), *Session.Type.choices]


class SlidesForm(forms.ModelForm):
    """What a speaker uploads: the slides of one of their sessions, as PDF."""

    class Meta:
        model = Material
        fields = ("session", "title", "file")

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions
        self.fields["session"].required = True
        self.fields["session"].empty_label = None
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Empty: “Slides” and the session's title.")
        self.fields["file"].required = True

    def refuse(self, message: str) -> None:
        """Show an error about the whole upload without reading it (a file too large)."""
        self.cleaned_data = {}
        self._errors = ErrorDict()
        self.add_error(None, message)
