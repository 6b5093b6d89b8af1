"""Sessions of the programme: times in the edition's zone, speakers, materials."""

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from common.admin_extensions import ExtensibleAdmin
from common.dates import format_date
from common.parsing import parse_id
from events import services
from events.admin.lists import DayFilter, LocalTimeAdminMixin, OneEditionListMixin
from events.admin.materials import MaterialsOfSessionsMixin, SessionMaterialInline
from events.models import Edition, Session, SessionSpeaker

SESSION_FIELDS = [
    "edition", "title", "slug", "session_type", "starts_at", "ends_at", "place", "venue",
    "description", "summary", "capacity", "is_published", "is_cancelled", "time_to_be_confirmed",
]  # fmt: skip


class SessionForm(forms.ModelForm):
    tell_attendees = forms.BooleanField(
        label=_("Email the attendees about a change of time, place or title"),
        required=False,
        initial=True,
        help_text=_(
            "Untick for a minor correction (a typo): calendars and the changes feed still "
            "follow, but nobody is emailed."
        ),
    )

    class Meta:
        model = Session
        fields = SESSION_FIELDS


class SessionSpeakerInline(admin.TabularInline):
    model = SessionSpeaker
    extra = 1
    autocomplete_fields = ["speaker"]


@admin.register(Session)
class SessionAdmin(
    ExtensibleAdmin,
    MaterialsOfSessionsMixin,
    OneEditionListMixin,
    LocalTimeAdminMixin,
    TranslationAdmin,
):
    list_display = [
        "title",
        "edition",
        "local_start",
        "session_type",
        "location",
        "is_published",
        "is_cancelled",
        "time_to_be_confirmed",
    ]
    list_filter = [
        DayFilter,
        "session_type",
        "is_published",
        "is_cancelled",
    ]
    list_select_related = ["edition__venue", "place__venue", "venue"]
    search_fields = ["title_en", "title_it", "speakers__name"]
    prepopulated_fields = {"slug": ["title_en"]}
    autocomplete_fields = ["place", "venue"]
    inlines = [SessionSpeakerInline, SessionMaterialInline]
    form = SessionForm
    local_time_fields = ("starts_at", "ends_at")
    readonly_fields = ["sequence", "updated_at"]
    fields = [*SESSION_FIELDS, "tell_attendees", "sequence", "updated_at"]

    def zone_for_request(self, request, object_id):
        edition_id = request.POST.get("edition") if request.method == "POST" else None
        if edition_id is None and object_id:
            session = Session.objects.filter(pk=object_id).select_related("edition").first()
            return session.edition.tz if session else None
        edition_id = parse_id(edition_id or request.GET.get("edition"))
        if edition_id:
            edition = Edition.objects.filter(pk=edition_id).only("time_zone").first()
            return edition.tz if edition else None
        # A new session starts in the current edition (the form's default edition).
        edition = Edition.objects.current()
        return edition.tz if edition and object_id is None else None

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if "edition" not in initial and (edition := Edition.objects.current()):
            initial["edition"] = edition.pk
        return initial

    @admin.display(description=_("starts (local time)"), ordering="starts_at")
    def local_start(self, session: Session) -> str:
        local = session.local_starts_at
        return f"{format_date(local, 'D j M Y, H:i')} {local.tzname()}"

    @admin.display(description=_("where"))
    def location(self, session: Session) -> str:
        return session.location_label

    def on_day(self, queryset, day: dt.date):
        """Return the sessions starting on this day in their edition's time zone."""
        matches = Q()
        for edition in Edition.objects.filter(start_date__lte=day, end_date__gte=day):
            start = dt.datetime.combine(day, dt.time.min, tzinfo=edition.tz)
            matches |= Q(
                edition=edition, starts_at__gte=start, starts_at__lt=start + dt.timedelta(days=1)
            )
        return queryset.filter(matches) if matches else queryset.none()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and (notes := self.change_notes_before(obj)):
            form.base_fields["starts_at"].help_text += " " + " ".join(notes)
        return form

    def save_model(self, request, obj, form, change):
        tell = form.cleaned_data.get("tell_attendees", True)
        rescheduled = bool(change and services.changed_schedule_fields(obj))
        services.save_session(session=obj, tell_attendees=tell)
        if rescheduled and tell:
            for note in self.change_notes_after(obj):
                self.message_user(request, note)
        for other in Session.objects.overlapping(obj):
            self.message_user(
                request,
                _(
                    "“%(session)s” overlaps “%(other)s” (%(when)s) at the same place. Parallel "
                    "sessions need different rooms: please check."
                )
                % {"session": obj, "other": other, "when": other.clock_range},
                messages.WARNING,
            )
