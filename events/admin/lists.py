"""What the programme's lists and forms share: the edition a list shows, its days, local times."""

import zoneinfo

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.dates import format_date
from common.parsing import parse_day, parse_id
from events.models import Edition


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
        edition_id = parse_id(self.value())
        if edition_id is None:
            return queryset  # "All", or nothing to filter by
        return queryset.filter(**{f"{self.edition_field}_id": edition_id})

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


def shown_editions(request) -> list[Edition]:
    """Return the editions a list shows: the edition filter's, the current one by default,
    the latest 20 under "All"."""
    value = request.GET.get(CurrentEditionFilter.parameter_name)
    if value == CurrentEditionFilter.ALL:
        return list(Edition.objects.order_by("-start_date")[:20])
    if value is None:
        current = Edition.objects.current()
        return [current] if current else []
    edition_id = parse_id(value)
    return list(Edition.objects.filter(pk=edition_id)) if edition_id else []


class DayFilter(admin.SimpleListFilter):
    """The days of the edition the list shows; the list's admin says what a day selects
    (`on_day(queryset, day)`)."""

    title = _("day")
    parameter_name = "day"

    def __init__(self, request, params, model, model_admin):
        self.model_admin = model_admin
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        days = sorted({day for edition in shown_editions(request) for day in edition.days})
        return [(day.isoformat(), format_date(day, "D j M Y")) for day in reversed(days)]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        day = parse_day(self.value())
        return queryset.none() if day is None else self.model_admin.on_day(queryset, day)
