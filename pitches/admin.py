"""The call for pitches in the admin: the call with its categories, criteria and sessions, the
applications, and links to the reviewers' and organisers' own pages."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from common import admin_extensions
from common.parsing import parse_id
from events.admin.lists import LocalTimeAdminMixin
from events.models import Edition
from pitches import services
from pitches.models import Application, Call, Category, Criterion, Slot


class CategoryInline(TranslationTabularInline):
    model = Category
    extra = 0
    fields = ["order", "name"]


class CriterionInline(TranslationTabularInline):
    model = Criterion
    extra = 0
    fields = ["order", "name", "description", "weight"]


class SlotInline(admin.TabularInline):
    model = Slot
    extra = 0
    fields = ["session", "places"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        call_id = request.resolver_match.kwargs.get("object_id")
        if db_field.name == "session" and call_id:
            field.queryset = field.queryset.filter(edition__pitch_call=call_id)
        return field


def call_links(call: Call) -> str:
    links = [
        (reverse("pitches_admin:ranking", args=[call.pk]), _("Review the applications")),
        (reverse("pitches_admin:decisions", args=[call.pk]), _("Decisions")),
        (call.get_absolute_url(), _("The call's public page")),
    ]
    if call.audience_votes:
        links.append((reverse("pitches_admin:votes", args=[call.pk]), _("The audience's vote")))
    return format_html(
        '<ul class="pitch-links">{}</ul>',
        format_html_join("", '<li><a href="{}">{}</a></li>', links),
    )


@admin.register(Call)
class CallAdmin(LocalTimeAdminMixin, TranslationAdmin):
    list_display = ["edition", "opens_at", "closes_at", "applications", "links"]
    inlines = [CategoryInline, CriterionInline, SlotInline]
    local_time_fields = ("opens_at", "closes_at")
    readonly_fields = ["links"]
    fieldsets = [
        (None, {"fields": ["edition", "links", "opens_at", "closes_at", "intro"]}),
        (_("Choosing"), {"fields": ["confirm_days", "audience_votes"]}),
        (
            _("Notes in the decision emails"),
            {"fields": ["accepted_note", "reserve_note", "declined_note"]},
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "edition"] if obj is not None else self.readonly_fields

    def zone_for_request(self, request, object_id):
        if object_id:
            call = (
                Call.objects.filter(pk=parse_id(str(object_id))).select_related("edition").first()
            )
            return call.edition.tz if call else None
        edition_id = parse_id(request.POST.get("edition") or request.GET.get("edition"))
        edition = Edition.objects.filter(pk=edition_id).first() if edition_id else None
        return edition.tz if edition else None

    @admin.display(description=_("applications"))
    def applications(self, call: Call) -> int:
        return call.applications.submitted().count()

    @admin.display(description=_("pages"))
    def links(self, call: Call) -> str:
        return call_links(call) if call.pk else "–"


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "country", "category", "status", "decision", "session"]
    list_filter = ["call__edition", "status", "category"]
    search_fields = ["title", "organisation", "contact_name", "email"]
    readonly_fields = [
        "call",
        "status",
        "decision",
        "created_at",
        "decided_at",
        "confirm_by",
        "confirmed_at",
        "promoted_at",
        "personal_data_purged_at",
    ]
    fields = [
        "call",
        "status",
        "decision",
        "session",
        "category",
        "organisation",
        "country",
        "website",
        "contact_name",
        "email",
        "phone",
        "title",
        "summary",
        "seeking",
        "deck",
        "publish_deck",
        "created_at",
        "decided_at",
        "confirm_by",
        "confirmed_at",
        "promoted_at",
        "personal_data_purged_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False  # applicants apply on the call's page

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        application_id = request.resolver_match.kwargs.get("object_id")
        if db_field.name in ("session", "category") and application_id and field is not None:
            call = Call.objects.filter(applications=application_id).first()
            if db_field.name == "session":
                field.queryset = field.queryset.filter(pitch_slot__call=call)
            else:
                field.queryset = field.queryset.filter(call=call)
        return field

    def save_model(self, request, application, form, change) -> None:
        super().save_model(request, application, form, change)
        if change and "session" in form.changed_data and application.appearance_id:
            # Moved to another pitching session: at the end of that session's running order.
            services.remove_from_programme(application)
            services.place_on_programme(application)


def call_panel(edition: Edition) -> str:
    call = Call.objects.filter(edition=edition).first()
    if call is None:
        add = reverse("admin:pitches_call_add") + f"?edition={edition.pk}"
        return format_html('<a href="{}">{}</a>', add, _("Open a call for pitches"))
    return call_links(call)


admin_extensions.add_panel(Edition, _("Call for pitches"), call_panel)
