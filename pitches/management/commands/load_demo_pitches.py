from django.core.management.base import BaseCommand, CommandError

from events.models import Edition
from pitches.demo import load_demo_pitches


class Command(BaseCommand):
    help = (
        "Open a call for pitches on an edition, filling its pitching sessions, with applications "
        "in English and Italian, their decks and two reviewers' scores (the reviewers' accounts "
        "have no password: set one with `changepassword reviewer-anna`)."
    )

    def add_arguments(self, parser):
        parser.add_argument("edition", help="the edition's slug")

    def handle(self, *args, edition: str, **options):
        found = Edition.objects.filter(slug=edition).first()
        if found is None:
            raise CommandError(f"No edition with the slug {edition!r}.")
        made = load_demo_pitches(found)  # all or nothing (one transaction)
        self.stdout.write(
            f"Opened the call for pitches of {found.slug}: {made['applications']} applications, "
            f"{made['reviews']} reviews. Review them at /admin/pitches/call/."
        )
