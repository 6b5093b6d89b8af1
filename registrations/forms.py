import datetime as dt
from functools import cached_property

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries.fields import LazyTypedChoiceField

from common.dates import format_date
from common.text import validate_plain_text, validate_single_line
from events.caching import kept_per_content_version
from events.models import Edition, Session
from registrations.models import Registration, Seat

# Optional touches per field; a field missing here simply gets Django's defaults.
LABELS = {
    "wants_to_pitch": _("I would like to pitch (start-ups and clusters)"),
    "on_participant_list": _("Show my name and organisation on the participant list"),
    "wants_future_editions": _("Tell me about future editions"),
}
WIDGETS = {
    "dietary_requirements": forms.Textarea(attrs={"rows": 2}),
    "accessibility_needs": forms.Textarea(attrs={"rows": 2}),
}
AUTOCOMPLETE = {
    "first_name": "given-name",
    "last_name": "family-name",
    "email": "email",
    "organisation": "organization",
    "job_title": "organization-title",
    "country": "country",
}


def name_blank_choices(form: forms.BaseForm) -> None:
    """Give every select's empty choice one wording, "Choose…" (not Django's "---------")."""
    for field in form.fields.values():
        if not isinstance(field, forms.ChoiceField) or isinstance(
            field, forms.ModelChoiceField | LazyTypedChoiceField
        ):
            continue  # read when rendered, not here (countries: the model field's blank_label)
        choices = list(field.choices)
        if choices and choices[0][0] == "":
            field.choices = [("", _("Choose…")), *choices[1:]]


def limited_sessions(edition: Edition) -> QuerySet[Session]:
    """The edition's sessions with limited places open to requests, each with its places taken."""
    return (
        edition.sessions.published()
        .filter(capacity__isnull=False, is_cancelled=False)
        .annotate(taken=Count("seats", filter=Q(seats__status=Seat.Status.CONFIRMED)))
    )


def has_limited_sessions(edition: Edition) -> bool:
    return kept_per_content_version(
        f"has-limited-sessions:{edition.pk}", lambda: limited_sessions(edition).exists()
    )


def places_version(edition: Edition) -> str:
    """Return the places left in limited sessions, as the form shows them (a cache key of the
    form's markup, read without building the form)."""
    if not has_limited_sessions(edition):
        return ""
    taken = limited_sessions(edition).order_by("pk").values_list("pk", "taken")
    return ",".join(f"{pk}:{count}" for pk, count in taken)


class RegistrationFieldsMixin:
    """Days and limited sessions of the edition, and the text checks, for both forms."""

    def add_choice_fields(self, edition: Edition) -> None:
        self.edition = edition
        self.fields["days"] = forms.TypedMultipleChoiceField(
            label=_("Which days will you attend?"),
            choices=[(day.isoformat(), format_date(day, "l j F Y")) for day in edition.days],
            coerce=dt.date.fromisoformat,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": _("Choose at least one day.")},
        )
        if has_limited_sessions(edition):
            self.fields["sessions"] = forms.ModelMultipleChoiceField(
                label=_("Sessions with limited places"),
                queryset=limited_sessions(edition),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("When a session is full you join its waiting list and we tell you."),
            )
            self.fields["sessions"].label_from_instance = self.session_label
        if "gender" in self.fields:
            if edition.asks_gender:
                self.fields["gender"].label = _("Gender (optional, for the funders' figures)")
            else:
                del self.fields["gender"]
        for name, token in AUTOCOMPLETE.items():
            if name in self.fields:
                self.fields[name].widget.attrs["autocomplete"] = token

    @staticmethod
    def session_label(session: Session) -> str:
        left = max(session.capacity - session.taken, 0)
        values = {
            "title": session.title,
            "when": format_date(session.local_starts_at, "j F, H:i"),
            "left": left,
        }
        if not left:
            return _("%(title)s (%(when)s, full: you join its waiting list)") % values
        return (
            ngettext(
                "%(title)s (%(when)s, %(left)d place left)",
                "%(title)s (%(when)s, %(left)d places left)",
                left,
            )
            % values
        )

    def clean(self):
        cleaned = super().clean()
        for name in self._meta.fields:
            field, value = self.fields.get(name), cleaned.get(name)
            if not value or not isinstance(field, forms.CharField):
                continue
            if isinstance(field, forms.EmailField):
                continue  # the model's address validator speaks about addresses
            try:
                validate_plain_text(value)
                if not isinstance(field.widget, forms.Textarea):
                    validate_single_line(value)
            except ValidationError as error:
                self.add_error(name, error)
        days = set(cleaned.get("days") or [])
        for session in cleaned.get("sessions") or []:
            if session.local_day not in days:
                self.add_error(
                    "sessions",
                    _("“%(session)s” is on %(day)s; choose that day too.")
                    % {"session": session.title, "day": format_date(session.local_day, "j F")},
                )
        return cleaned

    @property
    def changes(self) -> dict:
        """Return the person's fields as validated, for the services."""
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.fields}


def privacy_label(edition: Edition) -> str:
    return format_html(
        _(
            'I have read the <a href="{}">privacy notice</a> and agree that my data is used to '
            "organise my participation."
        ),
        reverse("registrations:privacy", kwargs={"edition_slug": edition.slug}),
    )


class RegistrationForm(RegistrationFieldsMixin, forms.ModelForm):
    privacy_consent = forms.BooleanField(
        error_messages={"required": _("Please accept the privacy notice to register.")}
    )
    # A field people never see; bots that fill every field give themselves away.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    class Meta:
        model = Registration
        fields = Registration.PERSONAL_FIELDS
        labels = LABELS
        widgets = WIDGETS

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_choice_fields(edition)
        self.fields["privacy_consent"].label = lazy(privacy_label, str)(edition)
        # The error summary lists fields in the order they appear in.
        self.order_fields(
            [
                *(name for name in Registration.ABOUT_YOU if name in self.fields),
                "days",
                "sessions",
                *Registration.PARTICIPATION,
                "privacy_consent",
                *Registration.DATA_CHOICES,
            ]
        )
        self.fields["email"].help_text = _("We send a link to this address to confirm it.")
        name_blank_choices(self)
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    @cached_property
    def helper(self) -> FormHelper:
        """The form's layout, built only when the form is drawn (not for a valid POST)."""
        name_row = Div(
            Div("first_name", css_class="col-sm-6"),
            Div("last_name", css_class="col-sm-6"),
            css_class="row",
        )
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True  # the template's <form> carries the token
        helper.layout = Layout(
            Fieldset(
                _("About you"),
                name_row,
                *(name for name in Registration.ABOUT_YOU[2:] if name in self.fields),
            ),
            Fieldset(
                _("Your participation"),
                "days",
                *(["sessions"] if "sessions" in self.fields else []),
                *Registration.PARTICIPATION,
            ),
            Fieldset(_("Your data"), "privacy_consent", *Registration.DATA_CHOICES),
            Div("website", css_class="form-trap", aria_hidden="true"),
            Submit("register", _("Register"), css_class="btn-lg"),
        )
        return helper

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip()

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class ManageRegistrationForm(RegistrationFieldsMixin, forms.ModelForm):
    """Everything the person told us, to correct; the address changes apart
    (`NewAddressForm`), once the new address is confirmed."""

    class Meta:
        model = Registration
        fields = tuple(
            name
            for name in Registration.PERSONAL_FIELDS
            if name not in Registration.IDENTITY_FIELDS
        )
        labels = LABELS
        widgets = WIDGETS

    def __init__(self, *args, instance: Registration, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        self.add_choice_fields(instance.edition)
        self.initial["days"] = [day.isoformat() for day in instance.days]
        if "sessions" in self.fields:
            self.initial["sessions"] = [
                seat.session_id for seat in instance.seats.all() if seat.status != "cancelled"
            ]
        name_blank_choices(self)
        self.order_fields(
            [name for name in Registration.ABOUT_YOU if name in self.fields] + ["days", "sessions"]
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> carries the token
        self.helper.add_input(Submit("save", _("Save changes")))


class NewAddressForm(forms.Form):
    """Another address for a registration; it takes effect when its owner opens our link."""

    email = forms.EmailField(label=_("New email address"), max_length=254)

    def __init__(self, *args, registration: Registration, **kwargs):
        super().__init__(*args, **kwargs)
        self.registration = registration
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> carries the token
        self.helper.add_input(Submit("send", _("Send the link"), css_class="btn-outline-primary"))

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if email.lower() == self.registration.email.lower():
            raise forms.ValidationError(_("This is already the address of your registration."))
        return email
