from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.text import validate_plain_text, validate_single_line
from events.models import Edition
from registrations.forms import name_blank_choices
from registrations.models import Category, Registration


class WalkInForm(forms.ModelForm):
    """Someone who arrives unregistered: the speaker nobody registered, a colleague sent instead."""

    beyond_capacity = forms.BooleanField(
        label=_("Let them in even if the edition is full"),
        required=False,
        help_text=_("Organisers only. Otherwise a full edition puts them on the waiting list."),
    )

    class Meta:
        model = Registration
        fields = ("first_name", "last_name", "organisation", "email", "country", "category")

    def __init__(self, *args, edition: Edition, may_override: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.fields["email"].required = False
        self.fields["email"].help_text = _(
            "Optional. With an address they get the usual email with their link and pass."
        )
        self.fields["country"].initial = edition.country
        self.fields["category"].initial = Category.OTHER
        name_blank_choices(self)
        for field in self.fields.values():
            # The staff's phone must not offer its owner's own name and address.
            field.widget.attrs["autocomplete"] = "off"
        if not may_override:
            del self.fields["beyond_capacity"]

    def clean(self):
        cleaned = super().clean()
        for name in ("first_name", "last_name", "organisation"):
            if value := cleaned.get(name):
                try:
                    validate_plain_text(value)
                    validate_single_line(value)
                except ValidationError as error:
                    self.add_error(name, error)
        email = cleaned.get("email")
        if email and Registration.objects.active().for_email(self.edition, email).exists():
            self.add_error(
                "email",
                _("This address is already registered for this edition: search for the person."),
            )
        return cleaned
