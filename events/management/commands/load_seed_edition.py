from django.core.management.base import BaseCommand

from events.seed.loader import load_milano_2024


class Command(BaseCommand):
    help = (
        "Create the seeded Milan 2024 edition (slug milano-2024) if it does not exist yet. "
        "Session times not given by the sources are illustrative; correct them in the admin."
    )

    def handle(self, *args, **options):
        edition, created = load_milano_2024()
        if created:
            self.stdout.write(
                self.style.SUCCESS(f"Created the edition “{edition}” ({edition.slug}).")
            )
        else:
            self.stdout.write(
                f"The edition “{edition}” ({edition.slug}) exists already; left as it is."
            )
