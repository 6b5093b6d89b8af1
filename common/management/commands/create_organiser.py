import getpass
import os

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from common import roles


class Command(BaseCommand):
    help = (
        "Create or update an account for someone of the organisers' team. Roles: organiser (the "
        "default: every organiser page of every app, nothing of accounts), content (the "
        "programme), communications (messages and emails), desk (the door, no admin). The "
        "password is asked for, or read from ORGANISER_PASSWORD."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("email")
        parser.add_argument(
            "--role",
            action="append",
            choices=sorted(roles.ROLES),
            help="A role of the account (repeat for several); organiser when none is given.",
        )

    def handle(self, *args, username, email, role=None, **options):
        chosen = [roles.ROLES[name] for name in role or [roles.ORGANISER.name]]
        created = make_account(username=username, email=email, roles_given=chosen)
        verb = "Created" if created else "Updated"
        names = ", ".join(str(each.label) for each in chosen)
        self.stdout.write(self.style.SUCCESS(f"{verb} the account “{username}”: {names}."))


@transaction.atomic
def make_account(*, username: str, email: str, roles_given: list[roles.Role]) -> bool:
    """Create or update an account with exactly these roles; return whether it is new."""
    roles.sync_groups()
    is_staff = any(role.is_staff for role in roles_given)
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    created = user is None
    if created:
        user = user_model(username=username, email=email, is_staff=is_staff)
        user.set_password(read_password(user))
    else:
        user.email, user.is_staff = email, is_staff
    user.save()
    user.groups.set(Group.objects.filter(name__in=[role.group for role in roles_given]))
    return created


def read_password(user) -> str:
    """Return a new account's password from ORGANISER_PASSWORD, or as typed twice."""
    password = os.environ.get("ORGANISER_PASSWORD")
    if password is None:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The passwords do not match.")
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise CommandError(" ".join(error.messages)) from None
    return password
