"""One way for an app to add to another app's admin page, instead of re-registering it.

The app that owns a model registers its admin once, with `ExtensibleAdmin`; an app built on it
contributes inlines, actions, read-only panels and notes through this registry (in its own
admin module), and the owning admin reads them on every request:

    admin_extensions.add_panel(Edition, _("Registrations so far"), registration_overview)
    admin_extensions.add_action(Registration, print_badge_sheets)
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.admin.options import IS_POPUP_VAR, ActionLocation
from django.db.models import Model


@dataclass(frozen=True)
class Panel:
    """A read-only section of an object's page: `show(obj)` returns its HTML, escaped."""

    title: str
    show: Callable


@dataclass(frozen=True)
class ChangeNote:
    """What changing an object does elsewhere, said by the app it concerns: `before(obj)` for
    the form's help text, `after(obj)` for the message once a change is saved (or None)."""

    before: Callable
    after: Callable


@dataclass
class Extensions:
    inlines: list[type] = field(default_factory=list)
    actions: list[Callable] = field(default_factory=list)
    panels: list[Panel] = field(default_factory=list)
    columns: list[Callable] = field(default_factory=list)
    change_notes: list[ChangeNote] = field(default_factory=list)


REGISTRY: defaultdict[type[Model], Extensions] = defaultdict(Extensions)


def add_inline(model: type[Model], inline: type) -> None:
    REGISTRY[model].inlines.append(inline)


def add_action(model: type[Model], action: Callable) -> None:
    """Add an admin action: a function (modeladmin, request, queryset), `@admin.action`-ed."""
    REGISTRY[model].actions.append(action)


def add_panel(model: type[Model], title: str, show: Callable) -> None:
    REGISTRY[model].panels.append(Panel(title, show))


def add_column(model: type[Model], column: Callable) -> None:
    """Add a column to the model's list: a function of the row, `@admin.display`-ed."""
    REGISTRY[model].columns.append(column)


def add_change_note(model: type[Model], *, before: Callable, after: Callable) -> None:
    REGISTRY[model].change_notes.append(ChangeNote(before, after))


class ExtensibleAdmin:
    """The owning admin's side: its page with what other apps contributed."""

    def extensions(self) -> Extensions:
        return REGISTRY[self.model]

    def get_inlines(self, request, obj):
        inlines = list(super().get_inlines(request, obj))
        return inlines + (self.extensions().inlines if obj is not None else [])

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        if self.actions is None or IS_POPUP_VAR in request.GET:
            return actions
        for func in self.extensions().actions:
            action = self.get_action(func, action_location)
            needed = getattr(func, "allowed_permissions", ())
            if action and all(getattr(self, f"has_{n}_permission")(request) for n in needed):
                actions[action.name] = action
        return actions

    def get_list_display(self, request):
        return [*super().get_list_display(request), *self.extensions().columns]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is None:
            return fields
        return fields + [panel.show for panel in self.extensions().panels]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is None:
            return fieldsets
        return fieldsets + [
            (panel.title, {"fields": [panel.show]}) for panel in self.extensions().panels
        ]

    def change_notes_before(self, obj) -> list[str]:
        return [note for each in self.extensions().change_notes if (note := each.before(obj))]

    def change_notes_after(self, obj) -> list[str]:
        return [note for each in self.extensions().change_notes if (note := each.after(obj))]
