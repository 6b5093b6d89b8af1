"""The form organisers register someone with: a walk-in, a speaker, a guest."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from common.dates import format_date
from events.models import Edition, Session
from registrations.models import Registration


class OrganiserRegistrationForm(forms.ModelForm):
    """Someone the organisers register themselves: a walk-in, a speaker, a guest."""

    days = forms.TypedMultipleChoiceField(
        label=_("days"),
        coerce=dt.date.fromisoformat,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Days of the chosen edition."),
    )
    sessions = forms.ModelMultipleChoiceField(
        label=_("sessions with limited places"),
        queryset=Session.objects.filter(capacity__isnull=False, is_cancelled=False),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    beyond_capacity = forms.BooleanField(
        label=_("Let them in even if the edition is full"),
        required=False,
        help_text=_("Otherwise a full edition puts them on the waiting list."),
    )

    class Meta:
        model = Registration
        fields = ("edition", *Registration.PERSONAL_FIELDS, "language")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        days = sorted({day for edition in Edition.objects.upcoming() for day in edition.days})
        self.fields["days"].choices = [
            (day.isoformat(), format_date(day, "l j F Y")) for day in days
        ]

    def clean(self):
        cleaned = super().clean()
        edition = cleaned.get("edition")
        if edition:
            wrong = [day for day in cleaned.get("days") or [] if day not in edition.days]
            if wrong:
                self.add_error("days", _("Choose days of the chosen edition."))
            if any(s.edition_id != edition.pk for s in cleaned.get("sessions") or []):
                self.add_error("sessions", _("Choose sessions of the chosen edition."))
            email = cleaned.get("email")
            if email and Registration.objects.active().for_email(edition, email).exists():
                self.add_error("email", _("This address is already registered for this edition."))
        return cleaned
