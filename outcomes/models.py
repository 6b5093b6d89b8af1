"""What an edition achieved, as its people tell it: the feedback survey, each person's view of
each of their meetings, and what the funders' report needs besides (project, funding line)."""

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from common.text import PLAIN_TEXT
from events.models import Edition
from meetings.models import Meeting
from registrations.models import Registration

# When the survey opens if the programme says nothing later: the end of the last day.
END_OF_DAY = dt.time(18, 0)
RATING = [MinValueValidator(1), MaxValueValidator(5)]


def months_later(moment: dt.datetime, months: int) -> dt.datetime:
    """The same day and time `months` later (the month's last day where it is shorter)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    for day in range(moment.day, 27, -1):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return moment.replace(year=year, month=month, day=28)


class Evaluation(models.Model):
    """How an edition asks its people what they made of it, and how it reports to funders."""

    edition = models.OneToOneField(
        Edition, on_delete=models.CASCADE, related_name="evaluation", verbose_name=_("edition")
    )
    survey_on = models.BooleanField(
        _("send the feedback survey"),
        default=True,
        help_text=_(
            "At the end of the last day, to everyone checked in on any day, in their language."
        ),
    )
    anonymous = models.BooleanField(
        _("anonymous answers"),
        default=False,
        help_text=_(
            "Answers are then never linked to the person in any page, export or data download. "
            "Fixed once the first answer is in."
        ),
    )
    open_days = models.PositiveSmallIntegerField(
        _("survey open for (days)"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder after (days)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("One reminder, to those who have not answered yet."),
    )
    rates_sessions = models.BooleanField(
        _("ask for a rating of each session attended"), default=True
    )
    follow_up_months = models.PositiveSmallIntegerField(
        _("meetings' follow-up after (months)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text=_("When participants are asked what came of each of their meetings."),
    )
    project_name = models.CharField(
        _("project name"), max_length=200, blank=True, help_text=_("On the signature sheets.")
    )
    funding_line = models.CharField(
        _("funding line"),
        max_length=300,
        blank=True,
        help_text=_("For instance the grant agreement; on the signature sheets and the report."),
    )

    # What the worker was last asked to do and when ("task:arguments" -> time): saving the
    # edition again queues nothing new unless a time moved.
    planned = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self) -> str:
        return str(self.edition)

    def save(self, *args, **kwargs) -> None:
        if self.pk and not kwargs.get("force_insert") and kwargs.get("update_fields") is None:
            # `planned` is the worker's record (planning.plan): an older copy must not undo it.
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "planned"
            ]
        super().save(*args, **kwargs)

    def opens_at(self) -> dt.datetime:
        """The end of the last day: its last session's end, or 18:00 in the edition's zone."""
        edition = self.edition
        last_day_end = dt.datetime.combine(edition.end_date, END_OF_DAY, tzinfo=edition.tz)
        latest = edition.sessions.aggregate(latest=Max("ends_at"))["latest"]
        if latest and latest.astimezone(edition.tz).date() == edition.end_date:
            return latest
        return last_day_end

    def closes_at(self) -> dt.datetime:
        return self.opens_at() + dt.timedelta(days=self.open_days)

    def reminder_at(self) -> dt.datetime:
        return self.opens_at() + dt.timedelta(days=self.reminder_days)

    def follow_up_at(self) -> dt.datetime:
        return months_later(self.opens_at(), self.follow_up_months)

    def survey_is_open(self, now: dt.datetime) -> bool:
        return self.survey_on and self.opens_at() <= now < self.closes_at()


class Question(models.Model):
    """One of the organisers' own questions, asked after the core ones."""

    class Kind(models.TextChoices):
        SCALE = "scale", _("Rating from 1 to 5")
        SINGLE = "single", _("One choice")
        MULTIPLE = "multiple", _("Several choices")
        SHORT = "short", _("Short text")
        LONG = "long", _("Long text")

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="questions", verbose_name=_("evaluation")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("question"), max_length=300, validators=PLAIN_TEXT)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SCALE)
    choices = models.TextField(
        _("choices"), blank=True, help_text=_("One choice a line, for one or several choices.")
    )
    required = models.BooleanField(_("required"), default=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text

    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class Response(models.Model):
    """One person's answers to the survey; anonymous surveys keep no link to the person."""

    class Expectations(models.TextChoices):
        EXCEEDED = "exceeded", _("Exceeded")
        MET = "met", _("Met")
        PARTLY = "partly", _("Partly met")
        NOT_MET = "not_met", _("Not met")

    class Reason(models.TextChoices):
        PARTNERS = "partners", _("To find partners for projects")
        MEETINGS = "meetings", _("For the one-to-one meetings")
        PROGRAMME = "programme", _("For the programme and speakers")
        POLICY = "policy", _("To learn about policy and funding")
        REGION = "region", _("To get to know the host region")
        OTHER = "other", _("Another reason")

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="responses", verbose_name=_("evaluation")
    )
    # Empty when the survey is anonymous; `respondent` then lets its author change it, and
    # nobody else tell whose it is (a keyed hash of the person, see outcomes/survey.py).
    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="survey_responses",
        verbose_name=_("registration"),
    )
    respondent = models.CharField(_("respondent"), max_length=64, editable=False)
    language = models.CharField(_("language"), max_length=10)
    overall = models.PositiveSmallIntegerField(_("overall rating"), validators=RATING)
    expectations = models.CharField(_("expectations"), max_length=10, choices=Expectations.choices)
    reason = models.CharField(_("main reason for coming"), max_length=10, choices=Reason.choices)
    programme = models.PositiveSmallIntegerField(_("programme and speakers"), validators=RATING)
    before = models.PositiveSmallIntegerField(_("organisation before the event"), validators=RATING)
    during = models.PositiveSmallIntegerField(_("organisation during the event"), validators=RATING)
    recommend = models.PositiveSmallIntegerField(
        _("would recommend (0–10)"), validators=[MaxValueValidator(10)]
    )
    missing = models.TextField(_("what was missing"), blank=True, validators=PLAIN_TEXT)
    answers = models.JSONField(_("answers to the organisers' questions"), default=dict, blank=True)
    session_ratings = models.JSONField(_("sessions' ratings"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "respondent"], name="outcomes_one_response_a_person"
            )
        ]

    def __str__(self) -> str:
        return str(_("Response %(number)s") % {"number": self.pk})


class MeetingView(models.Model):
    """What one of the two people made of a meeting: on the day, then months later."""

    class Assessment(models.TextChoices):
        NOT_HELD = "not_held", _("It did not take place")
        NO_COMMON_INTEREST = "no_interest", _("Not enough common interest")
        INFORMATIVE = "informative", _("Informative, no cooperation planned")
        COOPERATION = "cooperation", _("Cooperation possible")

    class FollowUp(models.TextChoices):
        NO_CONTACT = "no_contact", _("No further contact")
        KNOWLEDGE = "knowledge", _("Knowledge gained")
        CONTACT = "contact", _("A valuable contact")
        NEGOTIATION = "negotiation", _("Negotiation started")
        AGREEMENT = "agreement", _("Agreement reached")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="views", verbose_name=_("meeting")
    )
    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="meeting_views",
        verbose_name=_("registration"),
    )
    assessment = models.CharField(
        _("how it went"), max_length=12, choices=Assessment.choices, blank=True
    )
    follow_up = models.CharField(
        _("what came of it"), max_length=12, choices=FollowUp.choices, blank=True
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("view of a meeting")
        verbose_name_plural = _("views of meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "registration"], name="outcomes_one_view_a_person_and_meeting"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting} – {self.registration}"
