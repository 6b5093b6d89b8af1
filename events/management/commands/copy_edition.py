import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from events.models import Edition
from events.services import copy_edition, outdated_mentions, publish_edition


class Command(BaseCommand):
    help = (
        "Copy an edition and its programme to new dates: sessions move by the same number of "
        "days, the registration window moves along, and no registrations are copied. The copy "
        "starts unpublished unless --publish: check its texts in the admin first."
    )

    def add_arguments(self, parser):
        parser.add_argument("source_slug", help="Slug of the edition to copy, e.g. milano-2024.")
        parser.add_argument("new_slug", help="Slug of the new edition, e.g. milano-2027.")
        parser.add_argument(
            "--start", required=True, help="First day of the new edition, as YYYY-MM-DD."
        )
        parser.add_argument("--title", help="Title of the new edition (default: year replaced).")
        parser.add_argument(
            "--time-zone", help="IANA time zone of the new host region (default: the source's)."
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the copy at once, unless its texts still name the old dates.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="With --publish: publish even though texts still name the old dates.",
        )

    def handle(
        self,
        *args,
        source_slug,
        new_slug,
        start,
        title=None,
        time_zone=None,
        publish,
        force,
        **options,
    ):
        try:
            new_start = dt.date.fromisoformat(start)
        except ValueError:
            raise CommandError(f"--start must be a date as YYYY-MM-DD, not {start!r}.") from None
        source = Edition.objects.filter(slug=source_slug).first()
        if source is None:
            raise CommandError(f"There is no edition with the slug {source_slug!r}.")
        if Edition.objects.filter(slug=new_slug).exists():
            raise CommandError(f"An edition with the slug {new_slug!r} exists already.")
        try:
            edition = copy_edition(
                source=source,
                new_slug=new_slug,
                new_start=new_start,
                new_title=title,
                time_zone=time_zone,
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        mentions = outdated_mentions(edition)
        published = publish and (force or not mentions)
        if published:
            publish_edition(edition=edition)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created “{edition}” ({edition.slug}), {edition.start_date} to "
                f"{edition.end_date}, with {edition.sessions.count()} sessions: "
                f"{edition.get_absolute_url()}" + ("" if published else " (not published yet)")
            )
        )
        for where, text in mentions:
            self.stdout.write(f"Still names the old dates: {where}: {text[:80]}")
        if publish and not published:
            raise CommandError(
                "Not published: the texts above still name the old dates. Correct them in the "
                "admin (the edition's page lists them) and publish there, or run again with "
                "--force to publish as they are."
            )
