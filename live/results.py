"""The polls' results in the edition's report, with the number who answered."""

from django.db.models import Count
from django.utils.translation import gettext as _

from events.models import Edition
from live.models import Poll
from outcomes.report import Table


def report_tables(edition: Edition) -> list[Table]:
    polls = (
        Poll.objects.filter(session__edition=edition)
        .exclude(state=Poll.State.DRAFT)
        .select_related("session")
        .prefetch_related("choices")
        .annotate(answered=Count("responses", distinct=True))
        .order_by("session__starts_at", "order", "pk")
    )
    tables = []
    for poll in polls:
        counts = dict(poll.choices.annotate(n=Count("responses")).values_list("pk", "n"))
        tables.append(
            Table(
                _("Poll: %(question)s") % {"question": poll.question},
                [_("Answer"), _("Answers"), _("Share")],
                [
                    [choice.text, counts[choice.pk], f"{counts[choice.pk] / poll.answered:.0%}"
                     if poll.answered else "–"]
                    for choice in poll.choices.all()
                ],
                _("%(session)s; %(answered)d people answered.")
                % {"session": poll.session.title, "answered": poll.answered},
            )
        )  # fmt: skip
    return tables
