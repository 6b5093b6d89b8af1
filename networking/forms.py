import functools

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from common.text import sort_key, validate_plain_text, validate_single_line
from networking.models import SPOKEN_LANGUAGES, TEXT_LIMIT, Entry, Profile, Sector
from registrations.models import Category


def form_helper(submit_label: str) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True  # the template's <form> carries the token
    helper.add_input(Submit("save", submit_label))
    return helper


class SignInForm(forms.Form):
    email = forms.EmailField(label=_("The email address you registered with"), max_length=254)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.helper = form_helper(_("Email me a sign-in link"))


def spoken_languages() -> list[tuple[str, str]]:
    """The languages people may speak, in the alphabetical order of the reader's language."""
    return list(spoken_languages_in(get_language()))


@functools.cache
def spoken_languages_in(language: str) -> tuple[tuple[str, str], ...]:
    return tuple(
        sorted(((code, str(name)) for code, name in SPOKEN_LANGUAGES), key=lambda c: sort_key(c[1]))
    )


class ProfileForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=SPOKEN_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Profile
        fields = [
            "listed",
            "open_to_meetings",
            "region",
            "sectors",
            "languages",
            "text_language",
            "about",
            "seeking",
            "website",
            "eccp_page",
            "photo",
        ]
        widgets = {
            "sectors": forms.CheckboxSelectMultiple,
            "about": forms.Textarea(attrs={"rows": 5, "maxlength": TEXT_LIMIT}),
            "seeking": forms.Textarea(attrs={"rows": 5, "maxlength": TEXT_LIMIT}),
            "photo": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        }
        help_texts = {
            "listed": _(
                "Other confirmed participants of this edition, and the organisers, see your "
                "name, organisation, country and what you fill in below; never your email "
                "address. Untick to leave the directory at once."
            ),
            "open_to_meetings": _("Others may ask you for a one-to-one meeting."),
            "about": _("Up to 1,000 characters, in one language."),
            "seeking": _("Up to 1,000 characters, in the same language."),
            "text_language": _(
                "Your texts are shown as you wrote them, marked with this language."
            ),
            "eccp_page": _("Your organisation's page on clustercollaboration.eu, if it has one."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sectors"].queryset = Sector.objects.all()
        self.fields["languages"].choices = spoken_languages()
        self.fields["text_language"].choices = spoken_languages()
        for name in ("region", "about", "seeking"):
            self.fields[name].validators.append(validate_plain_text)
        self.fields["region"].validators.append(validate_single_line)
        self.helper = form_helper(_("Save my profile"))


class EntryForm(forms.ModelForm):
    class Meta:
        model = Entry
        fields = ["kind", "title", "description", "sectors", "deadline"]
        widgets = {
            "sectors": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 5, "maxlength": TEXT_LIMIT}),
            "deadline": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sectors"].queryset = Sector.objects.all()
        self.fields["title"].validators += [validate_plain_text, validate_single_line]
        self.fields["description"].validators.append(validate_plain_text)
        self.helper = form_helper(_("Publish"))


class DirectoryFilterForm(forms.Form):
    """The directory's and marketplace's filters; anything not understood is simply ignored."""

    q = forms.CharField(label=_("Keywords"), required=False, max_length=200)
    country = forms.ChoiceField(label=_("Country"), required=False)
    category = forms.ChoiceField(
        label=_("Organisation type"),
        required=False,
        choices=[("", _("Any")), *Category.choices],
    )
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    language = forms.ChoiceField(
        label=_("Speaks"), required=False, choices=[("", _("Any")), *SPOKEN_LANGUAGES]
    )
    open_to_meetings = forms.BooleanField(label=_("Open to meetings"), required=False)

    def __init__(self, *args, present_countries: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        # A country asked for stays a choice when nobody from it is listed (any more): the
        # filter then finds nobody, rather than being dropped and showing everyone.
        if (asked := self.data.get("country")) in countries:
            present_countries = {*present_countries, asked}
        # Only the names shown are translated (all 250 on every page cost a few milliseconds).
        present = sorted(
            ((code, countries.name(code) or code) for code in present_countries),
            key=lambda c: sort_key(c[1]),
        )
        self.fields["country"].choices = [("", _("Any")), *present]
        self.fields["language"].choices = [("", _("Any")), *spoken_languages()]
        self.fields["sector"].choices = [
            ("", _("Any")),
            *((sector.slug, sector.name) for sector in Sector.objects.all()),
        ]

    def values(self) -> dict:
        """Return the valid filters (an invalid one is marked on the form and left out)."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "country": data.get("country", ""),
            "category": data.get("category", ""),
            "sector": data.get("sector", ""),
            "language": data.get("language", ""),
            "open_to_meetings": data.get("open_to_meetings", False),
            "words": data.get("q", ""),
        }
