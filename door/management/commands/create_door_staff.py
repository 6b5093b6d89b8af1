from django.core.management.base import BaseCommand

from common import roles
from common.management.commands.create_organiser import make_account


class Command(BaseCommand):
    help = (
        "Create an account for check-in staff (as `create_organiser --role desk`): it signs in "
        "at /door/sign-in/ and may check people in, register walk-ins and print badges, and "
        "nothing else (no admin). The password is asked for, or read from ORGANISER_PASSWORD."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("email")

    def handle(self, *args, username, email, **options):
        created = make_account(username=username, email=email, roles_given=[roles.DESK])
        verb = "Created" if created else "Updated"
        self.stdout.write(self.style.SUCCESS(f"{verb} check-in staff account “{username}”."))
