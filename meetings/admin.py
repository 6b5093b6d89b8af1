from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.admin_filters import PresentChoicesFilter
from common.parsing import parse_id
from events.admin.lists import LocalTimeAdminMixin
from events.models import Edition
from meetings import figures
from meetings.models import Matchmaking, Meeting, MeetingBlock, MeetingTable

FIGURE_LABELS = {
    "requested": _("requested"),
    "waiting": _("waiting for an answer"),
    "accepted": _("accepted"),
    "declined": _("declined"),
    "cancelled": _("cancelled"),
    "expired": _("expired"),
    "held": _("held"),
    "no_show": _("no-show"),
}


def booked_slot_numbers(blocks) -> dict[int, int]:
    """Return, per block, the highest slot number holding a confirmed meeting."""
    rows = (
        Meeting.objects.confirmed()
        .filter(block__in=blocks)
        .values("block_id")
        .annotate(last=Max("slot"))
    )
    return {row["block_id"]: row["last"] for row in rows}


class BlockInlineFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        """Refuse a change of a block that would leave one of its meetings outside it."""
        super().clean()
        matchmaking = self.instance
        last_booked = booked_slot_numbers(
            [form.instance for form in self.forms if form.instance.pk]
        )
        for form in self.forms:
            block = form.instance
            if not block.pk or block.pk not in last_booked or not form.is_valid():
                continue
            if form.cleaned_data.get("DELETE"):
                form.add_error(None, _("This block has confirmed meetings; it cannot be deleted."))
                continue
            if (
                block.starts_at
                and block.ends_at
                and len(block.slots(matchmaking)) <= last_booked[block.pk]
            ):
                form.add_error(
                    "ends_at",
                    _("Slot %(number)s of this block has a confirmed meeting; keep it inside.")
                    % {"number": last_booked[block.pk] + 1},
                )


class MeetingBlockInline(admin.TabularInline):
    model = MeetingBlock
    formset = BlockInlineFormSet
    extra = 0
    fields = ["day", "starts_at", "ends_at", "slot_count", "grid_link"]
    readonly_fields = ["slot_count", "grid_link"]

    @admin.display(description=_("slots"))
    def slot_count(self, block: MeetingBlock) -> int | str:
        return len(block.slots()) if block.pk else "–"

    @admin.display(description=_("grid"))
    def grid_link(self, block: MeetingBlock) -> str:
        if not block.pk:
            return "–"
        url = reverse("admin:meetings_matchmaking_grid", args=[block.matchmaking_id, block.pk])
        return format_html('<a href="{}">{}</a>', url, _("Tables and slots"))


class MeetingTableInline(admin.TabularInline):
    model = MeetingTable
    extra = 0
    fields = ["name", "order"]


class MatchmakingForm(forms.ModelForm):
    add_numbered_tables = forms.IntegerField(
        label=_("Add numbered tables"),
        required=False,
        min_value=1,
        max_value=200,
        help_text=_("Adds this many tables, numbered after the highest number so far."),
    )

    class Meta:
        model = Matchmaking
        fields = [
            "edition",
            "place",
            "slot_minutes",
            "pause_minutes",
            "booking_opens_at",
            "booking_closes_at",
            "max_pending_requests",
        ]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and any(
            name in self.changed_data for name in ("slot_minutes", "pause_minutes")
        ):
            matchmaking = self.instance
            probe = Matchmaking(
                edition=matchmaking.edition,
                slot_minutes=cleaned.get("slot_minutes") or matchmaking.slot_minutes,
                pause_minutes=cleaned.get("pause_minutes") or 0,
            )
            blocks = list(matchmaking.blocks.all())
            last_booked = booked_slot_numbers(blocks)
            for block in blocks:
                if block.pk in last_booked and len(block.slots(probe)) <= last_booked[block.pk]:
                    raise forms.ValidationError(
                        _(
                            "With these lengths a confirmed meeting of the block %(block)s "
                            "would fall outside it; make the block longer first."
                        )
                        % {"block": block}
                    )
        return cleaned


# Tables in one printed page and one 1280-pixel screen of the grid; more go to the next group.
TABLES_A_PAGE = 8


@admin.register(Matchmaking)
class MatchmakingAdmin(LocalTimeAdminMixin, admin.ModelAdmin):
    form = MatchmakingForm
    local_time_fields = ("booking_opens_at", "booking_closes_at")
    list_display = ["edition", "slot_minutes", "booking_opens_at", "booking_closes_at", "meetings"]
    list_select_related = ["edition"]
    inlines = [MeetingBlockInline, MeetingTableInline]
    readonly_fields = ["figures"]
    fieldsets = [
        (None, {"fields": ["edition", "place", "figures"]}),
        (_("Slots"), {"fields": ["slot_minutes", "pause_minutes"]}),
        (
            _("Requests"),
            {"fields": ["booking_opens_at", "booking_closes_at", "max_pending_requests"]},
        ),
        (_("Tables"), {"fields": ["add_numbered_tables"]}),
    ]

    def zone_for_request(self, request, object_id):
        edition_id = parse_id(request.POST.get("edition")) if request.method == "POST" else None
        if edition_id is None and object_id and (found := parse_id(str(object_id))):
            edition_id = (
                Matchmaking.objects.filter(pk=found).values_list("edition_id", flat=True).first()
            )
        edition_id = edition_id or parse_id(request.GET.get("edition"))
        edition = Edition.objects.filter(pk=edition_id).only("time_zone").first()
        return edition.tz if edition else None

    @admin.display(description=_("meetings accepted / held"))
    def meetings(self, matchmaking: Matchmaking) -> str:
        counts = figures.figures(Meeting.objects.filter(block__matchmaking=matchmaking))
        return f"{counts['accepted']} / {counts['held']}"

    @admin.display(description=_("figures"))
    def figures(self, matchmaking: Matchmaking) -> str:
        if not matchmaking.pk:
            return "–"
        counts = figures.figures(Meeting.objects.filter(block__matchmaking=matchmaking))
        return format_html_join(
            " · ", "{}: <strong>{}</strong>", ((FIGURE_LABELS[k], v) for k, v in counts.items())
        )

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        if count := form.cleaned_data.get("add_numbered_tables"):
            matchmaking = form.instance
            numbers = [
                number
                for name in matchmaking.tables.values_list("name", flat=True)
                if (number := parse_id(name)) is not None
            ]
            first = max(numbers, default=0) + 1
            MeetingTable.objects.bulk_create(
                MeetingTable(matchmaking=matchmaking, name=str(number), order=number)
                for number in range(first, first + count)
            )
            messages.success(
                request,
                ngettext("%(count)d table added.", "%(count)d tables added.", count)
                % {"count": count},
            )

    def get_urls(self):
        return [
            path(
                "<int:matchmaking_id>/grid/<int:block_id>/",
                self.admin_site.admin_view(self.grid_view),
                name="meetings_matchmaking_grid",
            ),
            *super().get_urls(),
        ]

    def grid_view(self, request, matchmaking_id: int, block_id: int):
        """Tables × slots of one block, who meets whom, with the block's figures; printable."""
        block = get_object_or_404(
            MeetingBlock.objects.select_related("matchmaking__edition", "matchmaking__place"),
            pk=block_id,
            matchmaking_id=matchmaking_id,
        )
        if not self.has_view_permission(request, block.matchmaking):
            raise PermissionDenied
        tables, rows = figures.grid(block)
        groups = [
            (
                tables[first : first + TABLES_A_PAGE],
                [(row.slot, row.cells[first : first + TABLES_A_PAGE]) for row in rows],
            )
            for first in range(0, len(tables), TABLES_A_PAGE)
        ]
        counts = figures.figures(Meeting.objects.filter(block=block))
        return TemplateResponse(
            request,
            "admin/meetings/grid.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "original": block.matchmaking,
                "title": _("Tables and slots, %(block)s") % {"block": block},
                "block": block,
                "edition": block.matchmaking.edition,
                "groups": groups,
                "figures": [(FIGURE_LABELS[name], value) for name, value in counts.items()],
            },
        )


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "block", "slot_label", "table", "status", "outcome"]
    list_filter = [
        ("block__matchmaking__edition", admin.RelatedOnlyFieldListFilter),
        ("status", PresentChoicesFilter),
        ("outcome", PresentChoicesFilter),
        ("block", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = [
        "requester__last_name",
        "requester__organisation",
        "invitee__last_name",
        "invitee__organisation",
    ]
    list_select_related = ["block__matchmaking__edition", "table", "requester", "invitee"]
    readonly_fields = [
        "requester",
        "invitee",
        "message",
        "block",
        "slot",
        "table",
        "status",
        "decline_reason",
        "cancelled_by",
        "no_show",
        "sequence",
    ]
    fields = [*readonly_fields, "outcome"]

    def has_add_permission(self, request):
        return False  # participants request meetings; organisers see and record outcomes

    @admin.display(description=_("time"))
    def slot_label(self, meeting: Meeting) -> str:
        slot = meeting.slot_times
        return f"{slot.starts_at:%H:%M}–{slot.ends_at:%H:%M}" if slot else "–"
