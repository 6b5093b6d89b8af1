from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout, Submit
from django import forms
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from events.models.materials import MAX_PDF_MEGABYTES
from pitches.models import SEEKING_LIMIT, SUMMARY_LIMIT, Application, Call, Criterion, Review
from registrations.forms import name_blank_choices

APPLICANT_FIELDS = ["organisation", "country", "website", "contact_name", "email", "phone"]
PITCH_FIELDS = ["category", "title", "summary", "seeking", "deck", "publish_deck"]


def privacy_label(call: Call) -> str:
    return format_html(
        _(
            'I have read the <a href="{}">privacy notice</a> and agree that my data is used to '
            "review my application and, if it is chosen, to present my pitch."
        ),
        reverse("registrations:privacy", kwargs={"edition_slug": call.edition.slug}),
    )


class ApplicationForm(forms.ModelForm):
    """The application; `consent` only when applying (a change keeps the first consent)."""

    privacy_consent = forms.BooleanField(
        error_messages={"required": _("Please accept the privacy notice to apply.")}
    )
    # A field people never see; bots that fill every field give themselves away.
    website_confirm = forms.CharField(required=False, label=_("Leave this empty"))

    class Meta:
        model = Application
        fields = [*APPLICANT_FIELDS, *PITCH_FIELDS]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 6, "maxlength": SUMMARY_LIMIT}),
            "seeking": forms.Textarea(attrs={"rows": 3, "maxlength": SEEKING_LIMIT}),
            "deck": forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        }
        help_texts = {
            "summary": lazy(
                lambda: str(_("At most %(limit)d characters.")) % {"limit": SUMMARY_LIMIT}, str
            )(),
            "seeking": _("Partners, investors, pilots, a region to expand to…"),
            "deck": lazy(
                lambda: (
                    str(
                        _(
                            "Optional now, possible later from your application's page: "
                            "a PDF of at most %(limit)d MB."
                        )
                    )
                    % {"limit": MAX_PDF_MEGABYTES}
                ),
                str,
            )(),
        }

    def __init__(self, *args, call: Call, applying: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.fields["category"].queryset = call.categories.all()
        self.fields["category"].empty_label = _("Choose…")
        name_blank_choices(self)
        if applying:
            self.fields["privacy_consent"].label = lazy(privacy_label, str)(call)
            self.fields["email"].help_text = _("We send a link to this address to confirm it.")
        else:
            del self.fields["privacy_consent"], self.fields["email"]
        self.fields["website_confirm"].widget.attrs.update(
            {"autocomplete": "off", "tabindex": "-1"}
        )
        for name, hint in (("organisation", "organization"), ("email", "email"), ("phone", "tel")):
            if name in self.fields:
                self.fields[name].widget.attrs["autocomplete"] = hint
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(_("Who applies"), *(n for n in APPLICANT_FIELDS if n in self.fields)),
            Fieldset(_("The pitch"), *PITCH_FIELDS),
            *([Fieldset(_("Your data"), "privacy_consent")] if applying else []),
            Div("website_confirm", css_class="form-trap", aria_hidden="true"),
            Submit("apply", _("Apply") if applying else _("Save changes"), css_class="btn-lg"),
        )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip()

    def _post_clean(self) -> None:
        super()._post_clean()  # the model's checks, the deck's among them
        if self.errors and self.files.get("deck") and "deck" not in self.errors:
            # Browsers do not keep a chosen file when the page comes back with errors.
            self.add_error(
                "deck",
                _("Please choose your deck again: files are not kept while something is wrong."),
            )

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website_confirm"))


class ReviewForm(forms.Form):
    """Scores 1–5 on every criterion and a comment, or a conflict of interest."""

    SCALE = [(value, str(value)) for value in range(1, 6)]

    conflict = forms.BooleanField(
        required=False, label=Review._meta.get_field("conflict").verbose_name
    )
    comment = forms.CharField(
        required=False,
        label=_("Comment for the other reviewers and the organisers"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, criteria: list[Criterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        self.fields["conflict"].help_text = Review._meta.get_field("conflict").help_text
        for criterion in criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.TypedChoiceField(
                label=f"{criterion.name} (× {criterion.weight})",
                help_text=criterion.description,
                choices=self.SCALE,
                coerce=int,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "form-check-inline"}),
            )
        self.order_fields([f"criterion_{c.pk}" for c in criteria] + ["comment", "conflict"])

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("conflict"):
            for criterion in self.criteria:
                if cleaned.get(f"criterion_{criterion.pk}") in (None, ""):
                    self.add_error(
                        f"criterion_{criterion.pk}",
                        _("Score this criterion from 1 to 5, or declare a conflict of interest."),
                    )
        return cleaned

    def scores(self) -> dict[Criterion, int]:
        return {c: self.cleaned_data[f"criterion_{c.pk}"] for c in self.criteria}

    @classmethod
    def initial_for(cls, review: Review | None) -> dict:
        if review is None:
            return {}
        initial = {"comment": review.comment, "conflict": review.conflict}
        for score in review.scores.all():
            initial[f"criterion_{score.criterion_id}"] = score.value
        return initial
