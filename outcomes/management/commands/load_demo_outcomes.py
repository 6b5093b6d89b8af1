from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from events.models import Edition
from outcomes.demo import load_demo_outcomes


class Command(BaseCommand):
    help = (
        "Fill a finished edition with arrivals at the door, survey answers and meetings' "
        "outcomes for its participants (run load_demo_participants and load_demo_meetings "
        "first), so that the overview, the results, the report and the public figures show "
        "something."
    )

    def add_arguments(self, parser):
        parser.add_argument("edition", help="the edition's slug")

    @transaction.atomic  # all or nothing: a failure leaves no half-made demo
    def handle(self, *args, edition: str, **options):
        found = Edition.objects.filter(slug=edition).first()
        if found is None:
            raise CommandError(f"No edition with the slug {edition!r}.")
        if found.end_date >= timezone.localdate():
            raise CommandError(
                f"{found.slug} is not over yet (it ends on {found.end_date}): outcomes are for "
                "a finished edition. Copy one into the past first (see the README)."
            )
        made = load_demo_outcomes(found)
        self.stdout.write(
            f"Recorded {made['arrivals']} arrivals, {made['answers']} survey answers and "
            f"{made['meeting_views']} answers about meetings in {found.slug}."
        )
