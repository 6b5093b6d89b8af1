from django.core.management.base import BaseCommand

from outbox.sending import requeue_unsent


class Command(BaseCommand):
    help = (
        "Hand the email worker again the emails it lost when a worker died while sending. "
        "Sending and retrying is the worker's job (manage.py db_worker); this is for recovery."
    )

    def handle(self, *args, **options):
        count = requeue_unsent()
        self.stdout.write(f"Queued {count} email(s) again.")
