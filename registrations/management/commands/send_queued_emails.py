from django.core.management.base import BaseCommand

from registrations.emails import MAX_ATTEMPTS, send_queued_emails


class Command(BaseCommand):
    help = (
        "Send queued emails and retry failed ones (up to the attempt limit). "
        "Run it every few minutes from cron or a systemd timer."
    )

    def add_arguments(self, parser):
        parser.add_argument("--max-attempts", type=int, default=MAX_ATTEMPTS)

    def handle(self, *args, max_attempts, **options):
        sent, failed = send_queued_emails(max_attempts=max_attempts)
        self.stdout.write(f"Sent {sent} email(s); {failed} failed and will be retried.")
