from django.core.management.base import BaseCommand

from registrations.services.cleanup import expire_unconfirmed


class Command(BaseCommand):
    help = "Mark registrations whose confirmation link has run out as expired."

    def handle(self, *args, **options):
        count = expire_unconfirmed()
        self.stdout.write(f"{count} unconfirmed registration(s) expired.")
