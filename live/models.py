"""Live at the venue: the audience's questions to a session's speakers and their votes, and the
organisers' polls with the audience's answers.

Who asks or votes is a voter key, never an address: "r<registration>" for a participant signed
into the participants' area, "b<hash>" for a browser's own random token (voters.py).
"""

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.text import ONE_LINE, PLAIN_TEXT
from events.models import Session
from events.models.sessions import random_token
from registrations.models import Registration

QUESTION_LIMIT = 280


class SessionLive(models.Model):
    """How a session takes questions: moderated or not, open until when, its moderator link."""

    session = models.OneToOneField(
        Session, on_delete=models.CASCADE, related_name="live", verbose_name=_("session")
    )
    needs_approval = models.BooleanField(
        _("questions appear after approval"),
        default=False,
        help_text=_("A moderator approves each question before the audience and speakers see it."),
    )
    closed_at = models.DateTimeField(
        _("questions closed"),
        null=True,
        blank=True,
        help_text=_("Set to close the questions before the session ends."),
    )
    keep_open = models.BooleanField(
        _("keep questions open after the session"),
        default=False,
        help_text=_("For questions to answer after the event (in the summary, say)."),
    )
    moderator_token = models.CharField(
        max_length=64, unique=True, default=random_token, editable=False
    )

    class Meta:
        verbose_name = _("questions and polls of a session")
        verbose_name_plural = _("questions and polls of sessions")

    def __str__(self) -> str:
        return str(self.session)

    def accepts_questions(self, now: dt.datetime | None = None) -> bool:
        """From the programme's publication until the session ends (or as the organisers set)."""
        now = now or timezone.now()
        session = self.session
        if not (session.is_published and session.edition.is_published) or session.is_cancelled:
            return False
        if self.closed_at and now >= self.closed_at:
            return False
        return self.keep_open or now < session.ends_at


class QuestionQuerySet(models.QuerySet):
    def shown(self):
        """What the audience and the presenter see: approved, pinned first, then by votes."""
        return self.filter(status=Question.Status.APPROVED).order_by(
            "-pinned", "answered", "-votes", "created_at"
        )


class Question(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        HIDDEN = "hidden", _("Hidden")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="questions", verbose_name=_("session")
    )
    text = models.CharField(_("question"), max_length=QUESTION_LIMIT, validators=PLAIN_TEXT)
    name = models.CharField(
        _("name"), max_length=100, blank=True, validators=ONE_LINE,
        help_text=_("Empty: asked anonymously."),
    )  # fmt: skip
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    answered = models.BooleanField(_("answered"), default=False)
    pinned = models.BooleanField(_("pinned"), default=False)
    # The count of its QuestionVote rows, kept beside them in the same transaction
    # (services.vote): the list a whole room reads sorts by it without counting.
    votes = models.PositiveIntegerField(_("votes"), default=0)
    asker_key = models.CharField(max_length=64, editable=False)
    registration = models.ForeignKey(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("asked by (participant)"),
    )
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["session", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "approved", "hidden"]),
                name="question_status_is_known",
            )
        ]

    def __str__(self) -> str:
        return self.text


class QuestionVote(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="vote_rows", verbose_name=_("question")
    )
    voter_key = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vote for a question")
        verbose_name_plural = _("votes for questions")
        constraints = [
            models.UniqueConstraint(fields=["question", "voter_key"], name="one_vote_per_question")
        ]

    def __str__(self) -> str:
        return str(self.question)


class Poll(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Prepared")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="polls", verbose_name=_("session")
    )
    question = models.CharField(_("question"), max_length=200, validators=ONE_LINE)
    multiple = models.BooleanField(_("several answers allowed"), default=False)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.question


class PollChoice(models.Model):
    poll = models.ForeignKey(
        Poll, on_delete=models.CASCADE, related_name="choices", verbose_name=_("poll")
    )
    text = models.CharField(_("answer"), max_length=120, validators=ONE_LINE)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("possible answer")
        verbose_name_plural = _("possible answers")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


class PollResponse(models.Model):
    """One person's answer to a poll: once, with one choice or several."""

    poll = models.ForeignKey(
        Poll, on_delete=models.CASCADE, related_name="responses", verbose_name=_("poll")
    )
    voter_key = models.CharField(max_length=64)
    choices = models.ManyToManyField(PollChoice, related_name="responses")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("answer to a poll")
        verbose_name_plural = _("answers to polls")
        constraints = [
            models.UniqueConstraint(fields=["poll", "voter_key"], name="one_answer_per_poll")
        ]

    def __str__(self) -> str:
        return str(self.poll)
