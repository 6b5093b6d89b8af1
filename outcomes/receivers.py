"""Every edition has an evaluation, and its emails follow the edition's and meetings' dates."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from events.models import Edition
from meetings.models import Matchmaking, MeetingBlock
from outcomes import planning
from outcomes.models import Evaluation


def plan_after_commit(edition: Edition) -> None:
    transaction.on_commit(lambda: planning.plan(edition))


@receiver(post_save, sender=Edition, dispatch_uid="outcomes.evaluation")
def follow_the_edition(sender, instance: Edition, raw=False, **kwargs) -> None:
    if raw:
        return
    Evaluation.objects.get_or_create(edition=instance)
    plan_after_commit(instance)


@receiver(post_save, sender=Evaluation, dispatch_uid="outcomes.plan")
def plan_the_evaluation(sender, instance: Evaluation, raw=False, **kwargs) -> None:
    if not raw:
        plan_after_commit(instance.edition)


@receiver(post_save, sender=MeetingBlock, dispatch_uid="outcomes.meeting_days")
@receiver(post_save, sender=Matchmaking, dispatch_uid="outcomes.matchmaking")
def follow_the_meeting_days(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    edition = instance.matchmaking.edition if sender is MeetingBlock else instance.edition
    plan_after_commit(edition)
