from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from events.models import Edition
from meetings.demo import load_demo_meetings


class Command(BaseCommand):
    help = (
        "Set up one-to-one meetings for an edition (the first afternoon and the next mornings, "
        "20-minute slots, 20 tables) if it has none, and confirm meetings between its demo "
        "participants open to meetings (run load_demo_participants first)."
    )

    def add_arguments(self, parser):
        parser.add_argument("edition", help="the edition's slug")
        parser.add_argument("--count", type=int, default=40)

    @transaction.atomic  # all or nothing: a failure leaves no half-made demo
    def handle(self, *args, edition: str, count: int, **options):
        found = Edition.objects.filter(slug=edition).first()
        if found is None:
            raise CommandError(f"No edition with the slug {edition!r}.")
        if not 1 <= count <= 5000:
            raise CommandError("--count must be between 1 and 5000.")
        made = load_demo_meetings(found, count)
        self.stdout.write(f"Confirmed {made} demo meetings in {found.slug}.")
