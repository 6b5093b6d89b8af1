import datetime as dt
import zoneinfo

from django import forms
from django.contrib import admin, messages
from django.db.models import Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from events import services
from events.emails import email_upload_links, speaker_upload_links
from events.models import (
    Contact,
    Edition,
    EditionLink,
    EditionPage,
    EditionPartner,
    Material,
    Objective,
    Organisation,
    Place,
    Series,
    Session,
    SessionSpeaker,
    Speaker,
    Venue,
    validate_edition_slug,
    validate_time_zone,
)
from events.models.sessions import random_token


def zone_from_name(name: str | None) -> zoneinfo.ZoneInfo | None:
    try:
        return zoneinfo.ZoneInfo(name) if name else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


class LocalTimeAdminMixin:
    """Show and read the change form's times in the edition's own time zone."""

    local_time_fields: tuple[str, ...] = ()

    def zone_for_request(self, request, object_id) -> zoneinfo.ZoneInfo | None:
        raise NotImplementedError

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        zone = self.zone_for_request(request, object_id)
        if zone is None:
            return super().changeform_view(request, object_id, form_url, extra_context)
        extra_context = {**(extra_context or {}), "edition_time_zone": zone.key}
        with timezone.override(zone):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            # Widgets format their values when rendered, so render inside the override.
            if hasattr(response, "render"):
                response.render()
            return response

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        zone = self.zone_for_request(request, obj.pk if obj else None)
        label = zone.key if zone else _("the edition's time zone (choose the edition, then save)")
        for name in self.local_time_fields:
            if name in form.base_fields:
                form.base_fields[name].help_text = _("Local time in %(zone)s.") % {"zone": label}
        return form


class ObjectiveInline(TranslationTabularInline):
    model = Objective
    extra = 0


class EditionPartnerInline(TranslationTabularInline):
    model = EditionPartner
    extra = 0
    autocomplete_fields = ["organisation"]


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


class EditionLinkInline(TranslationTabularInline):
    model = EditionLink
    extra = 0


class EditionPageInline(TranslationStackedInline):
    model = EditionPage
    extra = 0


class MaterialInline(TranslationTabularInline):
    """Slides, recordings and documents; a session's, or (on the edition) the whole edition's."""

    model = Material
    extra = 0
    fields = ["kind", "title", "file", "url", "order", "speaker"]
    readonly_fields = ["speaker"]


class EditionMaterialInline(MaterialInline):
    fk_name = "edition"
    verbose_name_plural = _("materials of the whole edition")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(session__isnull=True)


class SessionMaterialInline(MaterialInline):
    fk_name = "session"


class MaterialsOfSessionsMixin:
    """Materials added on a session's page belong to that session's edition."""

    def save_formset(self, request, form, formset, change):
        if formset.model is Material:
            for material in formset.save(commit=False):
                material.edition_id = material.session.edition_id
                material.save()
            for material in formset.deleted_objects:
                material.delete()
            return
        super().save_formset(request, form, formset, change)


@admin.register(Series)
class SeriesAdmin(TranslationAdmin):
    list_display = ["name", "organiser"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Edition)
class EditionAdmin(LocalTimeAdminMixin, TranslationAdmin):
    list_display = ["title", "city", "start_date", "end_date", "is_published"]
    list_filter = ["is_published", "series", "country"]
    search_fields = ["title_en", "title_it", "theme_en", "theme_it", "city"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["title_en"]}
    autocomplete_fields = ["venue"]
    inlines = [
        ObjectiveInline,
        EditionPartnerInline,
        ContactInline,
        EditionLinkInline,
        EditionPageInline,
        EditionMaterialInline,
    ]
    local_time_fields = ("registration_opens_at", "registration_closes_at")
    readonly_fields = ["outdated_texts"]
    actions = ["copy_edition"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "series",
                    "number_in_series",
                    "title",
                    "slug",
                    "is_published",
                    "outdated_texts",
                ]
            },
        ),
        (_("Theme"), {"fields": ["theme", "subtitle", "summary", "description", "context"]}),
        (
            _("When and where"),
            {
                "fields": [
                    "start_date",
                    "end_date",
                    "time_zone",
                    "city",
                    "host_region",
                    "country",
                    "venue",
                ]
            },
        ),
        (_("Look"), {"fields": ["accent_colour", "header_image"]}),
        (
            _("After the edition"),
            {"fields": ["report", "highlights", "participant_count", "country_count"]},
        ),
        (
            _("Registration"),
            {
                "fields": [
                    "registration_opens_at",
                    "registration_closes_at",
                    "capacity",
                    "attendance_note",
                ]
            },
        ),
    ]

    def save_model(self, request, obj, form, change):
        services.save_edition(edition=obj)

    @admin.display(description=_("texts still naming the last edition's dates"))
    def outdated_texts(self, edition: Edition) -> str:
        mentions = services.outdated_mentions(edition) if edition.pk else []
        if not mentions:
            return _("None found.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", "<li><strong>{}</strong>: {}</li>", mentions),
        )

    @admin.action(description=_("Copy the selected edition to new dates…"))
    def copy_edition(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one edition to copy."), messages.ERROR)
            return None
        source = queryset.get()
        form = CopyEditionForm(request.POST if "apply" in request.POST else None, source=source)
        if form.is_valid():
            copy = services.copy_edition(
                source=source,
                new_slug=form.cleaned_data["new_slug"],
                new_start=form.cleaned_data["start_date"],
                new_title=form.cleaned_data["title"] or None,
                time_zone=form.cleaned_data["time_zone"],
            )
            self.message_user(
                request,
                _("“%(copy)s” was created, not published yet: check its texts, then publish it.")
                % {"copy": copy},
            )
            return redirect("admin:events_edition_change", copy.pk)
        return TemplateResponse(
            request,
            "admin/events/edition/copy.html",
            {**self.admin_site.each_context(request), "form": form, "source": source,
             "opts": self.model._meta, "title": _("Copy %(edition)s") % {"edition": source}},
        )  # fmt: skip

    def zone_for_request(self, request, object_id):
        if request.method == "POST":
            return zone_from_name(request.POST.get("time_zone"))
        if object_id:
            edition = Edition.objects.filter(pk=object_id).only("time_zone").first()
            return edition.tz if edition else None
        return None


class CopyEditionForm(forms.Form):
    new_slug = forms.SlugField(
        label=_("slug of the copy"), validators=[validate_edition_slug], max_length=50
    )
    start_date = forms.DateField(
        label=_("first day of the copy"), widget=forms.DateInput(attrs={"type": "date"})
    )
    title = forms.CharField(
        label=_("title of the copy"),
        required=False,
        help_text=_("Empty: the source's title with the new year."),
    )
    time_zone = forms.CharField(
        label=_("time zone"), validators=[validate_time_zone], max_length=64
    )

    def __init__(self, *args, source: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].initial = source.time_zone

    def clean_new_slug(self) -> str:
        slug = self.cleaned_data["new_slug"]
        if Edition.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("An edition with this slug exists already."))
        return slug


class SessionSpeakerInline(admin.TabularInline):
    model = SessionSpeaker
    extra = 1
    autocomplete_fields = ["speaker"]


class CurrentEditionFilter(admin.SimpleListFilter):
    """The edition filter, open on the current edition; "All" shows every edition's rows."""

    title = _("edition")
    parameter_name = "edition"
    edition_field = "edition"
    ALL = "all"

    def lookups(self, request, model_admin):
        return [(str(edition.pk), str(edition)) for edition in Edition.objects.all()]

    def value(self):
        value = super().value()
        if value is None and (current := Edition.objects.current()):
            return str(current.pk)
        return value

    def queryset(self, request, queryset):
        value = self.value()
        if value in (None, self.ALL) or not str(value).isdigit():
            return queryset
        return queryset.filter(**{f"{self.edition_field}_id": value})

    def choices(self, changelist):
        yield {
            "selected": self.value() == self.ALL,
            "query_string": changelist.get_query_string({self.parameter_name: self.ALL}),
            "display": _("All"),
        }
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


class OneEditionListMixin:
    """Lists that open on the current edition show the edition column only with "All"."""

    def get_list_filter(self, request):
        return [CurrentEditionFilter, *super().get_list_filter(request)]

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        if request.GET.get(CurrentEditionFilter.parameter_name) != CurrentEditionFilter.ALL:
            columns.remove("edition")
        return columns


class SessionDayFilter(admin.SimpleListFilter):
    title = _("day")
    parameter_name = "day"

    def lookups(self, request, model_admin):
        edition_id = request.GET.get("edition")
        editions = Edition.objects.all()
        if edition_id and edition_id.isdigit():
            editions = editions.filter(pk=edition_id)
        days = sorted({day for edition in editions[:20] for day in edition.days}, reverse=True)
        return [(day.isoformat(), date_format(day, "D j M Y")) for day in days]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            day = dt.date.fromisoformat(self.value())
        except ValueError:
            return queryset.none()
        matches = Q()
        for edition in Edition.objects.filter(start_date__lte=day, end_date__gte=day):
            start = dt.datetime.combine(day, dt.time.min, tzinfo=edition.tz)
            matches |= Q(
                edition=edition, starts_at__gte=start, starts_at__lt=start + dt.timedelta(days=1)
            )
        return queryset.filter(matches) if matches else queryset.none()


@admin.register(Session)
class SessionAdmin(
    MaterialsOfSessionsMixin, OneEditionListMixin, LocalTimeAdminMixin, TranslationAdmin
):
    list_display = [
        "title",
        "edition",
        "local_start",
        "session_type",
        "location",
        "is_published",
        "is_cancelled",
    ]
    list_filter = [
        SessionDayFilter,
        "session_type",
        "is_published",
        "is_cancelled",
    ]
    list_select_related = ["edition__venue", "place__venue", "venue"]
    search_fields = ["title_en", "title_it", "speakers__name"]
    prepopulated_fields = {"slug": ["title_en"]}
    autocomplete_fields = ["place", "venue"]
    inlines = [SessionSpeakerInline, SessionMaterialInline]
    local_time_fields = ("starts_at", "ends_at")
    readonly_fields = ["sequence", "updated_at"]
    fields = [
        "edition",
        "title",
        "slug",
        "session_type",
        "starts_at",
        "ends_at",
        "place",
        "venue",
        "description",
        "summary",
        "capacity",
        "is_published",
        "is_cancelled",
        "time_to_be_confirmed",
        "sequence",
        "updated_at",
    ]

    def zone_for_request(self, request, object_id):
        edition_id = request.POST.get("edition") if request.method == "POST" else None
        if edition_id is None and object_id:
            session = Session.objects.filter(pk=object_id).select_related("edition").first()
            return session.edition.tz if session else None
        edition_id = edition_id or request.GET.get("edition")
        if edition_id and str(edition_id).isdigit():
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
        return f"{date_format(local, 'D j M Y, H:i')} {local.tzname()}"

    @admin.display(description=_("where"))
    def location(self, session: Session) -> str:
        return session.location_label

    def save_model(self, request, obj, form, change):
        services.save_session(session=obj)
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


class PlaceInline(TranslationTabularInline):
    model = Place
    extra = 0


@admin.register(Venue)
class VenueAdmin(TranslationAdmin):
    list_display = ["name", "city", "country"]
    search_fields = ["name", "city", "street_address"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PlaceInline]


@admin.register(Place)
class PlaceAdmin(TranslationAdmin):
    list_display = ["name", "location_detail", "venue"]
    list_filter = ["venue"]
    search_fields = ["name", "location_detail", "venue__name"]


@admin.register(Organisation)
class OrganisationAdmin(TranslationAdmin):
    list_display = ["name", "short_name", "url"]
    search_fields = ["name", "short_name"]


@admin.register(Speaker)
class SpeakerAdmin(TranslationAdmin):
    list_display = ["name", "job_title", "organisation", "has_photo"]
    search_fields = ["name", "organisation", "job_title"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["photo_as_shown", "upload_links"]
    actions = ["email_upload_links", "replace_upload_links"]

    @admin.display(description=_("links to upload slides"))
    def upload_links(self, speaker: Speaker) -> str:
        links = speaker_upload_links(speaker) if speaker.pk else []
        if not links:
            return _("Once the speaker is on a session, their link appears here.")
        return format_html_join(mark_safe("<br>"), "{}: {}", links)

    @admin.action(description=_("Email them their links to upload slides"))
    def email_upload_links(self, request, queryset):
        without = [speaker.name for speaker in queryset if not speaker.email]
        with_email = [speaker for speaker in queryset if speaker.email]
        for speaker in with_email:
            email_upload_links(speaker, get_language())
        self.message_user(
            request,
            ngettext(
                "%d speaker is being emailed their links.",
                "%d speakers are being emailed their links.",
                len(with_email),
            )
            % len(with_email),
        )
        if without:
            self.message_user(
                request,
                _("No email address for: %(names)s. Copy their link from their page.")
                % {"names": ", ".join(without)},
                messages.WARNING,
            )

    @admin.action(description=_("Replace their links to upload slides (the old ones stop)"))
    def replace_upload_links(self, request, queryset):
        for speaker in queryset:
            speaker.upload_token = random_token()
            speaker.save(update_fields=["upload_token"])
        self.message_user(request, _("New links made; email them again."))

    @admin.display(description=_("photo"), boolean=True)
    def has_photo(self, speaker: Speaker) -> bool:
        return bool(speaker.photo)

    @admin.display(description=_("as pages show it"))
    def photo_as_shown(self, speaker: Speaker) -> str:
        if not (urls := speaker.photo_urls):
            return "–"
        return format_html(
            '<img src="{}" width="96" height="96" alt="{}" style="border-radius:50%">',
            urls[96],
            speaker.photo_alt,
        )
