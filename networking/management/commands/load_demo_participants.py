from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from events.models import Edition
from networking.demo import load_demo_participants


class Command(BaseCommand):
    help = (
        "Fill an edition with realistic fake participants (confirmed, with profiles and "
        "marketplace entries, in English and Italian) for trying the participants' area. "
        "Their addresses end in .invalid: no email reaches anyone."
    )

    def add_arguments(self, parser):
        parser.add_argument("edition", help="the edition's slug")
        parser.add_argument("--count", type=int, default=50)

    @transaction.atomic  # all or nothing: a failure leaves no half-made demo
    def handle(self, *args, edition: str, count: int, **options):
        found = Edition.objects.filter(slug=edition).first()
        if found is None:
            raise CommandError(f"No edition with the slug {edition!r}.")
        if not 1 <= count <= 5000:
            raise CommandError("--count must be between 1 and 5000.")
        added = load_demo_participants(found, count)
        self.stdout.write(f"Added {added} demo participants to {found.slug}.")
        if found.capacity is not None and found.registrations.count() > found.capacity:
            self.stdout.write(
                f"Note: {found.slug} now has more confirmed participants than its capacity "
                f"({found.capacity}); demo participants do not respect it."
            )
