"""The survey and the meetings' outcomes as forms: the core questions, the organisers' own, a
rating per session attended."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.text import validate_plain_text
from events.models import Session
from outcomes.models import MeetingView, Question, Response

RATINGS = [(str(value), str(value)) for value in range(1, 6)]
CORE_FIELDS = (
    "overall",
    "expectations",
    "reason",
    "programme",
    "before",
    "during",
    "recommend",
    "missing",
)
LABELS = {
    "overall": _("Overall, how was the event? (1 poor – 5 excellent)"),
    "expectations": _("Did the event meet your expectations?"),
    "reason": _("What was your main reason for coming?"),
    "programme": _("The programme and the speakers (1–5)"),
    "before": _("The organisation before the event: information, registration (1–5)"),
    "during": _("The organisation during the event: venue, timing, catering (1–5)"),
    "recommend": _("Would you recommend it to a colleague? (0 not at all – 10 certainly)"),
    "missing": _("What was missing? (optional)"),
}


def rating_field(label, required=True) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
        required=required,
        error_messages={"required": _("Choose a rating from 1 to 5.")},
    )


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Response
        fields = CORE_FIELDS
        labels = LABELS
        widgets = {
            "expectations": forms.RadioSelect,
            "reason": forms.RadioSelect,
            "missing": forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
        }

    def __init__(self, *args, questions: list[Question], sessions: list[Session], **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("overall", "programme", "before", "during"):
            self.fields[name] = rating_field(LABELS[name])
        self.fields["recommend"] = forms.TypedChoiceField(
            label=LABELS["recommend"],
            choices=[(str(value), str(value)) for value in range(11)],
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={"required": _("Choose a number from 0 to 10.")},
        )
        for name in ("expectations", "reason"):
            self.fields[name].choices = self.fields[name].choices[1:]  # no empty choice
        self.fields["missing"].max_length = 2000
        self.questions, self.sessions = questions, sessions
        answers = self.instance.answers if self.instance.pk else {}
        ratings = self.instance.session_ratings if self.instance.pk else {}
        for question in questions:
            name = f"question_{question.pk}"
            self.fields[name] = question_field(question)
            if str(question.pk) in answers:
                self.initial[name] = answers[str(question.pk)]
        for session in sessions:
            name = f"session_{session.pk}"
            self.fields[name] = rating_field(session.title, required=False)
            if str(session.pk) in ratings:
                self.initial[name] = ratings[str(session.pk)]

    def question_fields(self) -> list[forms.BoundField]:
        return [self[f"question_{question.pk}"] for question in self.questions]

    def session_fields(self) -> list[forms.BoundField]:
        return [self[f"session_{session.pk}"] for session in self.sessions]

    def clean_missing(self) -> str:
        text = self.cleaned_data["missing"].strip()
        validate_plain_text(text)
        return text

    def answers(self) -> dict:
        """The cleaned answers as the Response's fields."""
        data = self.cleaned_data
        values = {name: data[name] for name in CORE_FIELDS}
        values["answers"] = {
            str(question.pk): data[f"question_{question.pk}"]
            for question in self.questions
            if data.get(f"question_{question.pk}") not in (None, "", [])
        }
        values["session_ratings"] = {
            str(session.pk): data[f"session_{session.pk}"]
            for session in self.sessions
            if data.get(f"session_{session.pk}") not in (None, "")
        }
        return values


def question_field(question: Question) -> forms.Field:
    """The form field of an organisers' question; choices are kept by their number."""
    label, required = question.text, question.required
    choices = [(str(index), text) for index, text in enumerate(question.choice_list())]
    kind = Question.Kind
    if question.kind == kind.SCALE:
        return rating_field(label, required=required)
    if question.kind == kind.SINGLE:
        return forms.TypedChoiceField(
            label=label, choices=choices, coerce=int, required=required, widget=forms.RadioSelect
        )
    if question.kind == kind.MULTIPLE:
        return forms.TypedMultipleChoiceField(
            label=label,
            choices=choices,
            coerce=int,
            required=required,
            widget=forms.CheckboxSelectMultiple,
        )
    widget = forms.Textarea(attrs={"rows": 3}) if question.kind == kind.LONG else None
    most = 2000 if question.kind == kind.LONG else 200
    return forms.CharField(
        label=label,
        required=required,
        max_length=most,
        widget=widget,
        validators=[validate_plain_text],
    )


class MeetingViewForm(forms.Form):
    """How one meeting went, and (once asked) what came of it."""

    assessment = forms.ChoiceField(
        label=_("How did it go?"),
        choices=[("", _("Choose…")), *MeetingView.Assessment.choices],
        required=False,
    )
    follow_up = forms.ChoiceField(
        label=_("What came of it?"),
        choices=[("", _("Choose…")), *MeetingView.FollowUp.choices],
        required=False,
    )

    def __init__(self, *args, asks_follow_up: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not asks_follow_up:
            del self.fields["follow_up"]
