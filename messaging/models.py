"""Announcements organisers write to chosen groups of an edition's people."""

import datetime as dt
import string

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from common.text import ONE_LINE, PLAIN_TEXT
from events.models import Edition, Session
from registrations.models import Category

# What an organiser may write in a message, filled in for each person (words.message_for).
PLACEHOLDERS = (
    "first_name",
    "my_programme",
    "manage_link",
    "agenda_link",
    "calendar_link",
    "venue",
    "directions",
    "next_session",
)


def validate_placeholders(text: str) -> None:
    """Refuse a {name} we do not fill in, formatting inside braces, or a lone brace, saying
    which: what is saved must fill in for every person at sending time."""
    try:
        fields = [
            (name, spec, conversion)
            for _text, name, spec, conversion in string.Formatter().parse(text)
            if name is not None
        ]
    except ValueError:
        raise ValidationError(
            _("A brace { or } is not closed: write placeholders as {first_name}."),
            code="braces",
        ) from None
    if unknown := sorted({name for name, _spec, _conv in fields} - set(PLACEHOLDERS)):
        raise ValidationError(
            _("Unknown placeholder %(names)s; use %(known)s."),
            params={
                "names": ", ".join(f"{{{name}}}" for name in unknown),
                "known": ", ".join(f"{{{name}}}" for name in PLACEHOLDERS),
            },
            code="placeholder",
        )
    if any(spec or conversion for _name, spec, conversion in fields):
        raise ValidationError(
            _("Write placeholders plainly, as {first_name}, without “:” or “!” inside the braces."),
            code="formatting",
        )


class Announcement(models.Model):
    class Audience(models.TextChoices):
        REGISTRANTS = "registrants", _("People registered for this edition")
        FUTURE_NEWS = "future_news", _("People of the series who asked for news of future editions")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Queued for sending")

    class CheckedIn(models.TextChoices):
        ANY = "", _("Checked in or not")
        YES = "yes", _("Checked in")
        NO = "no", _("Not checked in")

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="announcements", verbose_name=_("edition")
    )
    subject = models.CharField(
        _("subject"), max_length=200, validators=[*ONE_LINE, validate_placeholders]
    )
    body = models.TextField(
        _("message"),
        validators=[*PLAIN_TEXT, validate_placeholders],
        help_text=_(
            "Plain text; the email adds “Dear” and the person's first name before it and the "
            "organisers' regards after it. Placeholders: {first_name}, {my_programme} (their "
            "days and sessions), {next_session} (their next session), {manage_link} (their "
            "registration), {calendar_link} (their calendar), {agenda_link}, {venue}, "
            "{directions} (how to get there)."
        ),
    )
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.REGISTRANTS
    )
    statuses = models.JSONField(
        _("registration status"),
        default=list,
        blank=True,
    )
    day = models.DateField(_("attending the day"), null=True, blank=True)
    session = models.ForeignKey(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("with a place in the session"),
        limit_choices_to={"capacity__isnull": False},
    )
    category = models.CharField(
        _("stakeholder category"), max_length=30, choices=Category.choices, blank=True
    )
    country = CountryField(_("country"), blank=True)
    checked_in = models.CharField(
        _("checked in"), max_length=3, choices=CheckedIn.choices, blank=True
    )
    open_to_meetings = models.BooleanField(
        _("only those open to one-to-one meetings"), default=False
    )
    send_at = models.DateTimeField(
        _("send at"), null=True, blank=True, help_text=_("Leave empty to send when you press Send.")
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.DRAFT, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    queued_at = models.DateTimeField(_("queued"), null=True, editable=False)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject

    def clean(self) -> None:
        if self.session_id and self.session.edition_id != self.edition_id:
            raise ValidationError({"session": _("Choose a session of this edition.")})
        if not (self.subject_it and self.body_it):
            raise ValidationError(
                _("Write the message in Italian too: each person gets it in their language.")
            )


class TimedMessage(models.Model):
    """A message each confirmed participant gets once, at a time relative to the edition."""

    class Kind(models.TextChoices):
        PRACTICAL = "practical", _("Practical information")
        SEE_YOU_TOMORROW = "see_you_tomorrow", _("See you tomorrow")
        THANK_YOU = "thank_you", _("Thank you")

    class Anchor(models.TextChoices):
        BEFORE_START = "before_start", _("days before the first day")
        AFTER_END = "after_end", _("days after the last day")

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="timed_messages", verbose_name=_("edition")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    is_on = models.BooleanField(_("send it"), default=False)
    days = models.PositiveSmallIntegerField(_("days"))
    anchor = models.CharField(_("relative to"), max_length=20, choices=Anchor.choices)
    local_time = models.TimeField(
        _("at"), default=dt.time(9, 0), help_text=_("In the edition's time zone.")
    )
    subject = models.CharField(
        _("subject"), max_length=200, validators=[*ONE_LINE, validate_placeholders]
    )
    body = models.TextField(
        _("message"),
        validators=[*PLAIN_TEXT, validate_placeholders],
        help_text=Announcement.body.field.help_text,
    )
    planned_for = models.DateTimeField(_("planned for"), null=True, editable=False)

    class Meta:
        verbose_name = _("timed message")
        verbose_name_plural = _("timed messages")
        ordering = ["edition", "anchor", "-days"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "kind"], name="one_timed_message_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.edition}"

    def due_at(self) -> dt.datetime:
        """Return when it goes out, in the edition's time zone, from the edition's dates."""
        if self.anchor == self.Anchor.BEFORE_START:
            day = self.edition.start_date - dt.timedelta(days=self.days)
        else:
            day = self.edition.end_date + dt.timedelta(days=self.days)
        return dt.datetime.combine(day, self.local_time, tzinfo=self.edition.tz)
