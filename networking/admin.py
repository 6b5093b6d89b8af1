from django import forms
from django.contrib import admin
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from common import admin_extensions, audit
from common.admin_filters import PresentChoicesFilter
from events.models import Edition
from networking import services
from networking.models import Entry, NetworkingOptions, Profile, Sector


@admin.register(Sector)
class SectorAdmin(TranslationAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name_en"]}


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, sent to the participant"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )


class ModerationMixin:
    """Hide with a reason (the author is emailed it), and show again."""

    actions = ["hide_selected", "show_selected"]

    @admin.action(description=_("Hide from other participants, with a reason…"))
    def hide_selected(self, request, queryset):
        form = HideForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            reason = form.cleaned_data["reason"]
            for item in queryset:
                services.hide(item, reason)
            audit.record(
                request.user,
                queryset,
                _("Hidden from other participants: %(reason)s"),
                reason=reason,
            )
            count = queryset.count()
            self.message_user(
                request,
                ngettext(
                    "%d hidden; its author is emailed the reason.",
                    "%d hidden; their authors are emailed the reason.",
                    count,
                )
                % count,
            )
            return redirect(request.get_full_path())
        return TemplateResponse(
            request,
            "admin/networking/hide.html",
            {
                **self.admin_site.each_context(request),
                "form": form,
                "items": queryset,
                "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
                "opts": self.model._meta,
            },
        )

    @admin.action(description=_("Show again"))
    def show_selected(self, request, queryset):
        for item in queryset:
            services.show_again(item)
        audit.record(request.user, queryset, _("Shown again."))
        self.message_user(request, _("Shown again."))


@admin.register(Profile)
class ProfileAdmin(ModerationMixin, admin.ModelAdmin):
    list_display = [
        "__str__",
        "listed",
        "open_to_meetings",
        "approved_at",
        "hidden_at",
        "updated_at",
    ]
    list_filter = [
        ("registration__edition", admin.RelatedOnlyFieldListFilter),
        "listed",
        "open_to_meetings",
        ("approved_at", admin.EmptyFieldListFilter),
        ("hidden_at", admin.EmptyFieldListFilter),
        ("sectors", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["registration__last_name", "registration__organisation", "about", "seeking"]
    list_select_related = ["registration"]
    readonly_fields = ["registration", "approved_at", "hidden_at", "hidden_reason"]
    filter_horizontal = ["sectors"]
    actions = [*ModerationMixin.actions, "approve_selected"]

    def has_add_permission(self, request):
        return False  # participants write their own

    @admin.action(description=_("Approve for the directory"))
    def approve_selected(self, request, queryset):
        waiting = list(queryset.filter(approved_at__isnull=True))
        count = services.approve(queryset)
        audit.record(request.user, waiting, _("Approved for the directory."))
        self.message_user(
            request,
            ngettext("%d profile approved.", "%d profiles approved.", count) % count,
        )


@admin.register(Entry)
class EntryAdmin(ModerationMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "profile", "deadline", "hidden_at", "created_at"]
    list_filter = [
        ("profile__registration__edition", admin.RelatedOnlyFieldListFilter),
        ("kind", PresentChoicesFilter),
        ("sectors", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["title", "description", "profile__registration__organisation"]
    list_select_related = ["profile__registration"]
    readonly_fields = ["profile", "hidden_at", "hidden_reason"]

    def has_add_permission(self, request):
        return False


class NetworkingOptionsInline(admin.StackedInline):
    model = NetworkingOptions
    can_delete = False


@admin.display(description=_("participants' area"))
def networking_overview(edition: Edition) -> str:
    if edition.pk is None:
        return "–"
    profiles = Profile.objects.of_edition(edition)
    totals = profiles.aggregate(
        listed=Count("pk", filter=Q(listed=True, hidden_at__isnull=True)),
        open=Count("pk", filter=Q(open_to_meetings=True)),
    )
    with_entries = profiles.filter(entries__isnull=False).distinct().count()
    rows = [
        (_("listed in the directory"), totals["listed"]),
        (_("open to meetings"), totals["open"]),
        (_("with marketplace entries"), with_entries),
    ]
    return format_html_join("", "<div>{}: <strong>{}</strong></div>", rows)


admin_extensions.add_inline(Edition, NetworkingOptionsInline)
admin_extensions.add_panel(Edition, _("Participants' area"), networking_overview)
