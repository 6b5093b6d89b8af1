from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from events.models import Edition
from registrations.services.cleanup import purge_personal_data


class Command(BaseCommand):
    help = (
        "Erase the personal data of registrations of editions that ended at least --days ago "
        "(default REGISTRATION_PURGE_AFTER_DAYS). Keeps anonymous counts (status, category, "
        "country, days) and when consent was given to which privacy notice version."
    )

    def add_arguments(self, parser):
        parser.add_argument("--edition", help="Only this edition's slug.")
        parser.add_argument("--days", type=int, default=settings.REGISTRATION_PURGE_AFTER_DAYS)
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be purged; change nothing."
        )

    def handle(self, *args, edition=None, days, dry_run, **options):
        if days < 0:
            raise CommandError("--days must be zero or more.")
        editions = Edition.objects.all()
        if edition:
            editions = editions.filter(slug=edition)
            if not editions.exists():
                raise CommandError(f"There is no edition with the slug {edition!r}.")
        for result in purge_personal_data(editions=editions, after_days=days, dry_run=dry_run):
            verb = "Would purge" if dry_run else "Purged"
            self.stdout.write(f"{verb} {result.count} registration(s) of {result.edition.slug}.")
