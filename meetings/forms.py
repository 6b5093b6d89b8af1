from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.dates import format_date
from common.text import PLAIN_TEXT
from meetings.models import MESSAGE_LIMIT, Slot
from meetings.slots import find_slot, slots_by_day


def slot_choices(slots: list[Slot]) -> list:
    """Return choices grouped by day, labelled with local times (the slots are aware)."""
    return [
        (
            format_date(day, "l j F"),
            [(slot.key, f"{slot.starts_at:%H:%M}–{slot.ends_at:%H:%M}") for slot in day_slots],
        )
        for day, day_slots in slots_by_day(slots).items()
    ]


class SlotField(forms.ChoiceField):
    widget = forms.RadioSelect
    default_error_messages = {
        "required": _("Choose a time."),
        "invalid_choice": _("That time is no longer free for both of you; choose another."),
    }


class SlotChoiceForm(forms.Form):
    """A choice among the given slots; `cleaned_data["slot"]` is the Slot itself."""

    slot = SlotField(label=_("Time"))

    def __init__(self, *args, slots: list[Slot], **kwargs):
        super().__init__(*args, **kwargs)
        self.slots = slots
        self.fields["slot"].choices = slot_choices(slots)

    def clean_slot(self) -> Slot:
        return find_slot(self.slots, self.cleaned_data["slot"])


class RequestForm(SlotChoiceForm):
    message = forms.CharField(
        label=_("Why would you like to meet?"),
        max_length=MESSAGE_LIMIT,
        validators=PLAIN_TEXT,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": MESSAGE_LIMIT}),
        error_messages={"required": _("Say in a line why you would like to meet.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].help_text = gettext(
            "One or two sentences, up to %(limit)s characters."
        ) % {"limit": MESSAGE_LIMIT}

    def clean_message(self) -> str:
        # The box may wrap or take an Enter; the message is kept as the one line it is.
        return " ".join(self.cleaned_data["message"].split())


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=MESSAGE_LIMIT,
        validators=PLAIN_TEXT,
        widget=forms.TextInput(attrs={"maxlength": MESSAGE_LIMIT}),
    )


class UnavailableForm(forms.Form):
    unavailable = forms.MultipleChoiceField(
        label=_("Times when I am not available for meetings"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _(
                "A time you ticked is no longer a meeting time; the organisers changed the "
                "times. Check them again."
            )
        },
    )

    def __init__(self, *args, slots: list[Slot], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unavailable"].choices = slot_choices(slots)
