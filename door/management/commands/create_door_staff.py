from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.db import transaction

from registrations.management.commands.create_organiser import read_password

GROUP_NAME = "Check-in staff"


class Command(BaseCommand):
    help = (
        "Create an account for check-in staff: it signs in at /door/sign-in/ and may check "
        "people in, register walk-ins and print badges, and nothing else (no admin). The "
        "password is asked for, or read from ORGANISER_PASSWORD."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("email")

    @transaction.atomic
    def handle(self, *args, username, email, **options):
        group, _ = Group.objects.get_or_create(name=GROUP_NAME)
        group.permissions.set(
            Permission.objects.filter(
                content_type__app_label="registrations", codename="check_in_attendees"
            )
        )
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first()
        created = user is None
        if created:
            user = user_model(username=username, email=email, is_staff=False)
            user.set_password(read_password(user))
        else:
            user.email = email
        user.save()
        user.groups.add(group)
        verb = "Created" if created else "Updated"
        self.stdout.write(self.style.SUCCESS(f"{verb} check-in staff account “{username}”."))
