"""Reviewers' scores, and the audience's votes."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.text import PLAIN_TEXT
from pitches.models.applications import Application
from pitches.models.calls import Call, Criterion
from registrations.models import Registration


class Review(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("application")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="pitch_reviews",
        verbose_name=_("reviewer"),
    )
    conflict = models.BooleanField(
        _("conflict of interest"),
        default=False,
        help_text=_("I know the applicant too well to judge fairly: my review is left out."),
    )
    comment = models.TextField(_("comment"), blank=True, validators=PLAIN_TEXT)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="one_review_per_reviewer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} – {self.application}"


class Score(models.Model):
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="scores", verbose_name=_("review")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="scores", verbose_name=_("criterion")
    )
    value = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(condition=Q(value__gte=1, value__lte=5), name="score_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class Vote(models.Model):
    """One checked-in participant's vote for their favourite pitch of a call."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="votes", verbose_name=_("call")
    )
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="votes", verbose_name=_("pitch")
    )
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="+", verbose_name=_("voter")
    )
    created_at = models.DateTimeField(_("voted"), auto_now_add=True)

    class Meta:
        verbose_name = _("audience vote")
        verbose_name_plural = _("audience votes")
        constraints = [
            models.UniqueConstraint(fields=["call", "registration"], name="one_vote_per_person")
        ]

    def __str__(self) -> str:
        return str(self.application)
