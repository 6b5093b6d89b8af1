import unicodedata

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from events.dates import format_date
from events.models import Edition, Session
from registrations.models import Registration

# Invisible characters that change how text around them reads (bidi overrides) or hide in it
# (zero-width spaces). Zero-width (non-)joiners stay allowed: some scripts need them in names.
ALLOWED_FORMAT_CHARACTERS = {"\u200c", "\u200d"}


def validate_plain_text(value: str) -> None:
    """Refuse control and invisible characters, and text that was not valid Unicode."""
    for character in value:
        category = unicodedata.category(character)
        if category == "Cf" and character not in ALLOWED_FORMAT_CHARACTERS:
            raise ValidationError(
                _(
                    "This text contains an invisible formatting character (such as a "
                    "direction mark or a zero-width space); please retype it."
                ),
                code="invisible_character",
            )
        if character == "\ufffd" or category == "Cs":
            raise ValidationError(
                _("This text contains characters that are not valid; please retype it."),
                code="invalid_unicode",
            )
        if category == "Cc" and character not in "\n\r\t":
            raise ValidationError(
                _("This text contains control characters; please retype it."),
                code="control_character",
            )


def validate_single_line(value: str) -> None:
    if "\n" in value or "\r" in value:
        raise ValidationError(_("Please write this on one line."), code="multiline")


SINGLE_LINE_FIELDS = ("first_name", "last_name", "organisation", "job_title")
FREE_TEXT_FIELDS = ("dietary_requirements", "accessibility_needs")


class ChoicesMixin:
    """Days and capacity-limited sessions of the edition, shared by sign-up and manage forms."""

    def add_choice_fields(self, edition: Edition) -> None:
        self.edition = edition
        self.fields["days"] = forms.MultipleChoiceField(
            label=_("Which days will you attend?"),
            choices=[(day.isoformat(), format_date(day, "l j F Y")) for day in edition.days],
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": _("Choose at least one day.")},
        )
        limited = edition.sessions.published().filter(capacity__isnull=False, is_cancelled=False)
        self.fields["sessions"] = forms.ModelMultipleChoiceField(
            label=_("Sessions with limited places"),
            queryset=limited,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("When a session is full you join its waiting list and we tell you."),
        )
        self.fields["sessions"].label_from_instance = self.session_label
        if not limited.exists():
            del self.fields["sessions"]

    @staticmethod
    def session_label(session: Session) -> str:
        return _("%(title)s (%(when)s, %(places)s places)") % {
            "title": session.title,
            "when": format_date(session.local_starts_at, "j F, H:i"),
            "places": session.capacity,
        }

    def clean(self):
        cleaned = super().clean()
        days = set(cleaned.get("days") or [])
        for session in cleaned.get("sessions") or []:
            if session.local_day.isoformat() not in days:
                self.add_error(
                    "sessions",
                    _("“%(session)s” is on %(day)s; choose that day too.")
                    % {"session": session.title, "day": format_date(session.local_day, "j F")},
                )
        return cleaned

    def clean_text_fields(self, cleaned: dict) -> dict:
        for name in (*SINGLE_LINE_FIELDS, *FREE_TEXT_FIELDS):
            if name in self.fields and cleaned.get(name):
                try:
                    validate_plain_text(cleaned[name])
                    if name in SINGLE_LINE_FIELDS:
                        validate_single_line(cleaned[name])
                except ValidationError as error:
                    self.add_error(name, error)
        return cleaned


def privacy_label(edition: Edition) -> str:
    return format_html(
        _(
            'I have read the <a href="{}">privacy notice</a> and agree that my data is used to '
            "organise my participation."
        ),
        reverse("registrations:privacy", kwargs={"edition_slug": edition.slug}),
    )


class RegistrationForm(ChoicesMixin, forms.ModelForm):
    privacy_consent = forms.BooleanField(
        error_messages={"required": _("Please accept the privacy notice to register.")}
    )
    # A field people never see; bots that fill every field give themselves away.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    class Meta:
        model = Registration
        fields = [
            "first_name",
            "last_name",
            "email",
            "organisation",
            "job_title",
            "country",
            "category",
            "wants_to_pitch",
            "dietary_requirements",
            "accessibility_needs",
            "on_participant_list",
            "wants_future_editions",
        ]
        labels = {
            "wants_to_pitch": _("I would like to pitch (start-ups and clusters)"),
            "on_participant_list": _("Show my name and organisation on the participant list"),
            "wants_future_editions": _("Tell me about future editions"),
        }
        widgets = {
            "dietary_requirements": forms.Textarea(attrs={"rows": 2}),
            "accessibility_needs": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_choice_fields(edition)
        self.fields["privacy_consent"].label = lazy(privacy_label, str)(edition)
        # The error summary lists fields in this order: the order they appear in.
        self.order_fields(
            [
                "first_name",
                "last_name",
                "email",
                "organisation",
                "job_title",
                "country",
                "category",
                "days",
                "sessions",
                "wants_to_pitch",
                "dietary_requirements",
                "accessibility_needs",
                "privacy_consent",
            ]
        )
        self.fields["email"].help_text = _("We send a link to this address to confirm it.")
        self.fields["category"].choices = [("", _("Choose…")), *self.fields["category"].choices[1:]]
        autocomplete = {
            "first_name": "given-name",
            "last_name": "family-name",
            "email": "email",
            "organisation": "organization",
            "job_title": "organization-title",
            "country": "country",
        }
        for name, token in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = token
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> carries the token
        self.helper.layout = Layout(
            Fieldset(
                _("About you"),
                Div(
                    Div("first_name", css_class="col-sm-6"),
                    Div("last_name", css_class="col-sm-6"),
                    css_class="row",
                ),
                "email",
                "organisation",
                "job_title",
                "country",
                "category",
            ),
            Fieldset(
                _("Your participation"),
                "days",
                *(["sessions"] if "sessions" in self.fields else []),
                "wants_to_pitch",
                "dietary_requirements",
                "accessibility_needs",
            ),
            Fieldset(
                _("Your data"),
                "privacy_consent",
                "on_participant_list",
                "wants_future_editions",
            ),
            Div("website", css_class="form-trap", aria_hidden="true"),
            Submit("register", _("Register"), css_class="btn-lg"),
        )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip()

    def clean(self):
        return self.clean_text_fields(super().clean())

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class ManageRegistrationForm(ChoicesMixin, forms.ModelForm):
    class Meta:
        model = Registration
        fields = [
            "wants_to_pitch",
            "dietary_requirements",
            "accessibility_needs",
            "on_participant_list",
            "wants_future_editions",
        ]
        labels = RegistrationForm.Meta.labels
        widgets = RegistrationForm.Meta.widgets

    def __init__(self, *args, instance: Registration, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        self.add_choice_fields(instance.edition)
        self.initial["days"] = instance.days
        if "sessions" in self.fields:
            self.initial["sessions"] = [
                seat.session_id for seat in instance.seats.all() if seat.status != "cancelled"
            ]
        self.order_fields(["days", "sessions"])
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> carries the token
        self.helper.add_input(Submit("save", _("Save changes")))

    def clean(self):
        return self.clean_text_fields(super().clean())
