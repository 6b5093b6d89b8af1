"""Registrations in the admin: the list of one edition, the person's page, the actions."""

import datetime as dt
from collections import Counter

from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from common import audit
from common.admin_extensions import ExtensibleAdmin
from common.admin_filters import PresentChoicesFilter
from common.dates import format_date
from common.parsing import parse_day, parse_id
from downloads.services import request_download
from events.admin.lists import (
    DayFilter,
    LocalTimeAdminMixin,
    OneEditionListMixin,
    shown_editions,
)
from events.models import Session
from outbox.models import Email
from registrations import emails, services
from registrations.admin.forms import OrganiserRegistrationForm
from registrations.downloads import RegistrationsCsv
from registrations.models import CheckIn, Registration, Seat


class CountryFilter(admin.SimpleListFilter):
    """Only the countries people registered from, not all 250 of the list."""

    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        codes = Registration.objects.order_by().values_list("country", flat=True).distinct()
        names = {code: countries.name(code) for code in codes if code}
        return sorted(names.items(), key=lambda item: item[1])

    def queryset(self, request, queryset):
        return queryset.filter(country=self.value()) if self.value() else queryset


class SessionFilter(admin.SimpleListFilter):
    """The limited sessions of the edition the list shows."""

    title = _("session with limited places")
    parameter_name = "session"

    def lookups(self, request, model_admin):
        sessions = Session.objects.filter(
            capacity__isnull=False, edition__in=shown_editions(request)
        ).select_related("edition")
        return [(str(s.pk), f"{s.title} ({s.edition.slug})") for s in sessions[:100]]

    def queryset(self, request, queryset):
        if (session_id := parse_id(self.value())) is None:
            return queryset
        return queryset.filter(
            seats__session_id=session_id,
            seats__status__in=[Seat.Status.CONFIRMED, Seat.Status.WAITING],
        ).distinct()


class AtTheDoorFilter(admin.SimpleListFilter):
    """Who came on a day of the edition the list shows, and who was expected and did not."""

    title = _("at the door")
    parameter_name = "door"

    def lookups(self, request, model_admin):
        days = sorted({day for edition in shown_editions(request) for day in edition.days})
        choices = []
        for day in days:
            label = format_date(day, "D j M Y")
            choices += [
                (f"came:{day.isoformat()}", _("came on %(day)s") % {"day": label}),
                (
                    f"missed:{day.isoformat()}",
                    _("expected on %(day)s, did not come") % {"day": label},
                ),
            ]
        return choices

    def queryset(self, request, queryset):
        which, _sep, when = (self.value() or "").partition(":")
        day = parse_day(when)
        if day is None or which not in ("came", "missed"):
            return queryset
        arrived = CheckIn.objects.filter(registration=OuterRef("pk"), day=day, session__isnull=True)
        if which == "came":
            return queryset.filter(Exists(arrived))
        return queryset.filter(
            ~Exists(arrived), status=Registration.Status.CONFIRMED, attended_days__day=day
        )


class SeatInline(admin.TabularInline):
    model = Seat
    extra = 0
    fields = ["session", "status", "waiting_since", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class EmailInline(GenericTabularInline):
    """The emails sent to the person, with their state (sent, failed and why)."""

    model = Email
    ct_field = "person_type"
    ct_fk_field = "person_id"
    extra = 0
    fields = ["kind", "status", "attempts", "last_error", "created_at", "sent_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Registration)
class RegistrationAdmin(
    ExtensibleAdmin, OneEditionListMixin, LocalTimeAdminMixin, admin.ModelAdmin
):
    list_display = [
        "person",
        "organisation",
        "country",
        "category",
        "status",
        "edition",
        "created_at",
        "arrived",
    ]
    list_filter = [
        ("status", PresentChoicesFilter),
        ("category", PresentChoicesFilter),
        CountryFilter,
        DayFilter,
        SessionFilter,
        AtTheDoorFilter,
    ]
    list_select_related = ["edition"]
    search_fields = ["first_name", "last_name", "email", "organisation"]
    date_hierarchy = "created_at"
    inlines = [SeatInline, EmailInline]
    actions = [
        "export_csv",
        "resend_confirmation",
        "cancel_registrations",
        "promote_registrations",
        "check_in",
        "undo_check_in",
        "replace_links",
    ]
    readonly_fields = [
        "edition",
        "status",
        "days_attended",
        "language",
        "privacy_consent_at",
        "privacy_notice_version",
        "created_at",
        "confirmed_at",
        "waiting_since",
        "cancelled_at",
        "check_ins_made",
        "personal_data_purged_at",
        "added_by",
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            return OrganiserRegistrationForm
        # Days and sessions are not model fields: they are added below and saved by a service.
        fields = kwargs.pop("fields", None) or Registration.PERSONAL_FIELDS
        fields = [name for name in fields if name not in ("days", "sessions")]
        form = super().get_form(request, obj, change=change, fields=fields, **kwargs)
        limited = obj.edition.sessions.filter(capacity__isnull=False, is_cancelled=False)
        days = forms.TypedMultipleChoiceField(
            label=_("days"),
            choices=[(day.isoformat(), format_date(day, "l j F Y")) for day in obj.edition.days],
            coerce=dt.date.fromisoformat,
            widget=forms.CheckboxSelectMultiple,
            initial=[day.isoformat() for day in obj.days],
        )
        sessions = forms.ModelMultipleChoiceField(
            label=_("sessions with limited places"),
            queryset=limited,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            initial=[s.session_id for s in obj.seats.exclude(status=Seat.Status.CANCELLED)],
            help_text=_("A place freed here goes to the next person waiting, who is emailed."),
        )
        return type(form.__name__, (form,), {"days": days, "sessions": sessions})

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": list(OrganiserRegistrationForm.base_fields)})]
        fields = [*Registration.PERSONAL_FIELDS, "days", "sessions", *self.readonly_fields]
        return [(None, {"fields": fields})]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def get_inlines(self, request, obj):
        return [] if obj is None else self.inlines

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            if {"days", "sessions"} & set(form.changed_data):
                services.change_registration(
                    registration_id=obj.pk,
                    changes={},
                    days=form.cleaned_data["days"],
                    sessions=form.cleaned_data.get("sessions") or [],
                )
            return None
        data = form.cleaned_data
        added = services.add_registration(
            registration=obj,
            days=data["days"],
            sessions=data.get("sessions") or [],
            added_by=request.user,
            beyond_capacity=data["beyond_capacity"],
        )
        status = added.get_status_display()
        self.message_user(
            request,
            _("%(name)s is registered: %(status)s. They are emailed their link.")
            % {"name": added.full_name, "status": status},
            messages.SUCCESS if added.status == Registration.Status.CONFIRMED else messages.WARNING,
        )

    # Deleting is erasing: the places go to those waiting (who are emailed), as on any
    # cancellation, instead of silently letting later registrants overtake the waiting list.
    def delete_model(self, request, obj):
        services.erase_registration(registration_id=obj.pk)

    def delete_queryset(self, request, queryset):
        for registration_id in list(queryset.values_list("pk", flat=True)):
            services.erase_registration(registration_id=registration_id)

    @admin.action(description=_("Replace the personal links (the old ones stop working)"))
    def replace_links(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        for registration_id in ids:
            services.replace_links(registration_id=registration_id)
        audit.record(
            request.user, Registration.objects.filter(pk__in=ids), _("Replaced the personal links.")
        )
        self.message_user(
            request,
            ngettext(
                "%d person has new links; they are emailed to them.",
                "%d people have new links; they are emailed to them.",
                len(ids),
            )
            % len(ids),
        )

    @admin.display(description=_("days attended"))
    def days_attended(self, registration: Registration) -> str:
        return ", ".join(format_date(day, "l j F Y") for day in registration.days)

    @admin.display(description=_("name and email"), ordering="last_name")
    def person(self, registration: Registration) -> str:
        return format_html(
            '{}<br><small class="address">{}</small>', registration.full_name, registration.email
        )

    @admin.action(description=_("Export the selected registrations as CSV"))
    def export_csv(self, request, queryset):
        chosen = list(queryset.values_list("pk", flat=True))
        download = request_download(
            kind=RegistrationsCsv.name,
            user=request.user,
            title=gettext("%(count)d registrations (CSV)") % {"count": len(chosen)},
            arguments={"registrations": chosen},
        )
        return redirect(download)

    @admin.action(description=_("Send the confirmation email again"))
    def resend_confirmation(self, request, queryset):
        kinds = {
            Registration.Status.PENDING: emails.ConfirmAddress,
            Registration.Status.CONFIRMED: emails.Confirmed,
            Registration.Status.WAITING: emails.Waiting,
        }
        sent = []
        with transaction.atomic():
            for registration in queryset.filter(status__in=list(kinds)):
                emails.queue_email(registration, kinds[registration.status])
                sent.append(registration)
            audit.record(request.user, sent, _("Sent the confirmation email again."))
        count = len(sent)
        self.message_user(request, ngettext("%d email queued.", "%d emails queued.", count) % count)

    @admin.action(description=_("Cancel the selected registrations (places go to those waiting)"))
    def cancel_registrations(self, request, queryset):
        ids = list(
            queryset.filter(status__in=Registration.ACTIVE_STATUSES).values_list("pk", flat=True)
        )
        for registration_id in ids:
            services.cancel_registration(registration_id=registration_id)
        audit.record(
            request.user,
            Registration.objects.filter(pk__in=ids),
            _("Cancelled the registration; its places went to those waiting."),
        )
        self.message_user(
            request,
            ngettext("%d registration cancelled.", "%d registrations cancelled.", len(ids))
            % len(ids),
        )

    @admin.action(description=_("Promote from the waiting list (even beyond capacity)"))
    def promote_registrations(self, request, queryset):
        ids = list(queryset.filter(status=Registration.Status.WAITING).values_list("pk", flat=True))
        for registration_id in ids:
            services.promote_registration(registration_id=registration_id)
        audit.record(
            request.user,
            Registration.objects.filter(pk__in=ids),
            _("Promoted from the waiting list, even beyond capacity."),
        )
        self.message_user(
            request,
            ngettext("%d registration promoted.", "%d registrations promoted.", len(ids))
            % len(ids),
        )

    def zone_for_request(self, request, object_id):
        """A registration's times are shown in its edition's time zone."""
        found = parse_id(str(object_id)) if object_id else None
        registration = (
            Registration.objects.select_related("edition").filter(pk=found).first()
            if found
            else None
        )
        return registration.edition.tz if registration else None

    def on_day(self, queryset, day: dt.date):
        return queryset.filter(attended_days__day=day)

    def get_queryset(self, request):
        arrivals = Q(check_ins__session__isnull=True)
        return (
            super()
            .get_queryset(request)
            .annotate(last_arrival=Max("check_ins__checked_in_at", filter=arrivals))
        )

    @admin.display(description=_("arrived"), ordering="last_arrival")
    def arrived(self, registration: Registration) -> str:
        if registration.last_arrival is None:
            return "–"
        local = registration.last_arrival.astimezone(registration.edition.tz)
        return format_date(local, "j M H:i")

    @admin.display(description=_("check-ins"))
    def check_ins_made(self, registration: Registration) -> str:
        rows = [
            (
                str(made.session) if made.session else format_date(made.day, "l j F Y"),
                format_date(made.checked_in_at.astimezone(registration.edition.tz), "H:i"),
                made.checked_in_by or "–",
            )
            for made in registration.check_ins.select_related("session", "checked_in_by")
        ]
        if not rows:
            return "–"
        return format_html_join(mark_safe("<br>"), "{} ({}, {})", rows)

    @admin.action(description=_("Check in at the door today"))
    def check_in(self, request, queryset):
        counts = Counter()
        now = timezone.now()
        for registration in queryset.select_related("edition"):
            day = registration.edition.day_of(now)
            if day is None:
                counts["not_today"] += 1
                continue
            result = services.check_in(
                registration_id=registration.pk, day=day, by=request.user, anyway=True, now=now
            )
            counts[result.arrival] += 1
            if result.arrival == services.Arrival.CHECKED_IN:
                audit.record(request.user, [registration], _("Checked in at the door."))
        checked_in = counts[services.Arrival.CHECKED_IN]
        self.message_user(
            request,
            ngettext("%d person checked in.", "%d people checked in.", checked_in) % checked_in,
            messages.SUCCESS if checked_in else messages.WARNING,
        )
        if already := counts[services.Arrival.ALREADY]:
            self.message_user(
                request,
                ngettext("%d was already checked in.", "%d were already checked in.", already)
                % already,
                messages.INFO,
            )
        if without_place := counts[services.Arrival.NO_PLACE]:
            self.message_user(
                request,
                ngettext(
                    "%d person was not checked in: they have no place (waiting list, not "
                    "confirmed or cancelled). Promote them from the waiting list first.",
                    "%d people were not checked in: they have no place (waiting list, not "
                    "confirmed or cancelled). Promote them from the waiting list first.",
                    without_place,
                )
                % without_place,
                messages.WARNING,
            )
        if not_today := counts["not_today"]:
            self.message_user(
                request,
                ngettext(
                    "%d person was not checked in: today is not a day of their edition.",
                    "%d people were not checked in: today is not a day of their edition.",
                    not_today,
                )
                % not_today,
                messages.WARNING,
            )

    @admin.action(description=_("Undo today's check-in (a mistake at the door)"))
    def undo_check_in(self, request, queryset):
        now = timezone.now()
        count = 0
        for registration in queryset.select_related("edition"):
            day = registration.edition.day_of(now)
            made = registration.check_ins.at_the_door(day).first() if day else None
            if made is not None and services.undo_check_in(check_in_id=made.pk):
                audit.record(request.user, [registration], _("Undid the check-in at the door."))
                count += 1
        self.message_user(
            request,
            ngettext("%d check-in undone.", "%d check-ins undone.", count) % count,
        )
