"""What organisers still have to do for an edition, each item linking to where it is done."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.dates import format_date
from events.models import Edition, Objective, Session
from events.services import outdated_mentions
from overview.figures import admin_list

# Where a text in one language and not the other matters: what every page shows.
TRANSLATED = {
    Edition: ("title", "theme", "subtitle", "summary", "description"),
    Session: ("title", "description"),
    Objective: ("text",),
}
MISSING_SHOWN = 20


@dataclass(frozen=True)
class Todo:
    text: str
    link: str
    urgent: bool = True  # False: for information


def todo(edition: Edition) -> list[Todo]:
    change = reverse("admin:events_edition_change", args=[edition.pk])
    items = []
    if not edition.is_published:
        items.append(Todo(_("The edition is not published: visitors do not see it yet."), change))
    for where, text in outdated_mentions(edition):
        items.append(
            Todo(
                _("%(where)s still names the last edition's dates: “%(text)s”")
                % {"where": where, "text": text},
                change,
            )
        )
    tbc = edition.sessions.filter(time_to_be_confirmed=True, is_cancelled=False).count()
    if tbc:
        items.append(
            Todo(
                ngettext(
                    "%d session's time is still to be confirmed.",
                    "%d sessions' times are still to be confirmed.",
                    tbc,
                )
                % tbc,
                admin_list("events_session", edition=edition.pk, time_to_be_confirmed__exact=1),
            )
        )
    items += missing_translations(edition)
    items += registration_window(edition, change)
    return items


def missing_translations(edition: Edition) -> list[Todo]:
    """Texts written in one language and empty in another (pages then show the first)."""
    languages = [code for code, _name in settings.LANGUAGES]
    found = []
    rows = {
        Edition: Edition.objects.filter(pk=edition.pk),
        Session: edition.sessions.order_by("starts_at"),
        Objective: edition.objectives.all(),
    }
    for model, queryset in rows.items():
        for obj in queryset:
            for name in TRANSLATED[model]:
                values = {code: getattr(obj, f"{name}_{code}") or "" for code in languages}
                missing = [code for code, value in values.items() if not value.strip()]
                if missing and len(missing) < len(languages):
                    found.append((model, obj, name, missing))
    items = []
    for model, obj, name, missing in found[:MISSING_SHOWN]:
        label = model._meta.get_field(name).verbose_name
        link = reverse(
            f"admin:events_{'edition' if model is Objective else model._meta.model_name}_change",
            args=[obj.edition_id if model is Objective else obj.pk],
        )
        items.append(
            Todo(
                _("%(what)s “%(name)s”: its %(field)s is missing in %(languages)s.")
                % {
                    "what": model._meta.verbose_name.capitalize(),
                    "name": str(obj)[:60],
                    "field": label,
                    "languages": ", ".join(str(dict(settings.LANGUAGES)[code]) for code in missing),
                },
                link,
            )
        )
    if len(found) > MISSING_SHOWN:
        items.append(
            Todo(
                _("And %(count)d more texts missing in a language.")
                % {"count": len(found) - MISSING_SHOWN},
                reverse("admin:events_edition_change", args=[edition.pk]),
            )
        )
    return items


def registration_window(edition: Edition, change: str) -> list[Todo]:
    now = timezone.now()
    state = edition.registration_state(now)
    opens, closes = edition.registration_opens_at, edition.registration_closes
    if state == Edition.RegistrationState.OVER:
        return []
    if closes > edition.starts_at:
        return [Todo(_("Registration closes after the edition has started."), change)]
    zone = edition.tz

    def when(moment) -> str:
        return format_date(moment.astimezone(zone), "j F Y, H:i")

    if state == Edition.RegistrationState.NOT_YET_OPEN:
        text = _("Registration opens on %(opens)s and closes on %(closes)s.")
    elif state == Edition.RegistrationState.OPEN:
        text = _("Registration is open until %(closes)s.")
    else:
        text = _("Registration closed on %(closes)s.")
    values = {"opens": when(opens) if opens else "", "closes": when(closes)}
    return [Todo(text % values, change, urgent=False)]
