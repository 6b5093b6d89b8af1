import getpass
import os

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

GROUP_NAME = "Organisers"
APPS = ("events", "registrations")


class Command(BaseCommand):
    help = (
        "Create a staff account for an organiser: it may edit the programme and manage "
        "registrations in the admin, but not other accounts. The password is asked for, or "
        "read from ORGANISER_PASSWORD."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("email")

    def handle(self, *args, username, email, **options):
        created = make_account(
            username=username,
            email=email,
            group_name=GROUP_NAME,
            permissions=Permission.objects.filter(content_type__app_label__in=APPS),
            is_staff=True,
        )
        verb = "Created" if created else "Updated"
        self.stdout.write(self.style.SUCCESS(f"{verb} organiser account “{username}”."))


@transaction.atomic
def make_account(
    *, username: str, email: str, group_name: str, permissions, is_staff: bool
) -> bool:
    """Create or update an account in a group with these permissions; return if it is new."""
    group, _ = Group.objects.get_or_create(name=group_name)
    group.permissions.set(permissions)
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    created = user is None
    if created:
        user = user_model(username=username, email=email, is_staff=is_staff)
        user.set_password(read_password(user))
    else:
        user.email, user.is_staff = email, is_staff
    user.save()
    user.groups.add(group)
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
