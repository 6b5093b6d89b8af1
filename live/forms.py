from django import forms
from django.utils.translation import gettext_lazy as _

from live.models import QUESTION_LIMIT, Question


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["text", "name"]
        labels = {"text": _("Your question"), "name": _("Your name (optional)")}
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "maxlength": QUESTION_LIMIT})}
        help_texts = {"text": _("At most 280 characters.")}

    def clean_text(self) -> str:
        text = " ".join(self.cleaned_data["text"].split())
        if not text:
            raise forms.ValidationError(_("Write your question."))
        return text
