"""Who may do what: the roles of the people who run an edition, in one place.

Accounts get a role through its group (`create_organiser --role`); each app declares in its own
`roles.py` the permissions each role needs of its models (`grant`), and the groups are brought in
line after every `migrate`. Participants are not accounts: a confirmed registration signs its
owner into the participants' area (networking/access.py).

- organiser: every organiser page of every app (the programme, registrations, emails, the
  participants' area, meetings, messages, the door); never accounts, groups, the login lockout
  records or the worker's tasks, which stay with superusers.
- content: the programme (editions' texts and look, sessions, speakers, venues, materials).
- communications: announcements and timed messages, and the emails sent.
- desk: the door (check-in, walk-ins, badges), without the admin.
- reviewer: the applications of a call for pitches, to score them; nothing else.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Role:
    name: str
    label: str
    group: str  # the auth group that holds its permissions
    is_staff: bool  # whether it opens the admin
    description: str


ORGANISER = Role(
    "organiser",
    _("Organiser"),
    "Organisers",
    True,
    _("Runs an edition: every organiser page of every app, nothing of accounts."),
)
CONTENT = Role(
    "content",
    _("Content editor"),
    "Content editors",
    True,
    _("The programme: editions' texts and look, sessions, speakers, venues, materials."),
)
COMMUNICATIONS = Role(
    "communications",
    _("Communications"),
    "Communications",
    True,
    _("Announcements and timed messages to participants, and the emails sent."),
)
DESK = Role(
    "desk",
    _("Check-in staff"),
    "Check-in staff",
    False,
    _("The door: check-in, walk-ins and badges, without the admin."),
)
REVIEWER = Role(
    "reviewer",
    _("Pitch reviewer"),
    "Pitch reviewers",
    True,
    _("Scores the applications of a call for pitches; sees nothing else."),
)
ROLES = {role.name: role for role in (ORGANISER, CONTENT, COMMUNICATIONS, DESK, REVIEWER)}

# What each role may do: "app_label.codename" permissions, declared by the apps (`grant`).
GRANTS: defaultdict[str, set[str]] = defaultdict(set)
ACTIONS = ("view", "add", "change", "delete")


def grant(role: Role, *permissions: str, models: tuple[str, ...] = (), view_only=()) -> None:
    """Let a role (and the full organiser) use these permissions; `models` ("app.Model") get
    all four of view, add, change and delete, `view_only` models only view."""
    names = set(permissions)
    for model in models:
        app_label, model_name = model.lower().split(".")
        names |= {f"{app_label}.{action}_{model_name}" for action in ACTIONS}
    for model in view_only:
        app_label, model_name = model.lower().split(".")
        names.add(f"{app_label}.view_{model_name}")
    GRANTS[role.name] |= names
    if role is not ORGANISER and role.is_staff:
        GRANTS[ORGANISER.name] |= names


def permissions_of(role: Role) -> list[Permission]:
    wanted = Q()
    for name in GRANTS[role.name]:
        app_label, codename = name.split(".")
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.filter(wanted)) if wanted else []


@transaction.atomic
def sync_groups(app_config=None, **kwargs) -> None:
    """Give each role's group exactly its declared permissions (after every migrate)."""
    if app_config is not None and app_config is not last_app_with_models():
        # Django sends post_migrate once per app (and after every test database flush): once,
        # after the last app's permissions exist, is enough.
        return
    for role in ROLES.values():
        group, _created = Group.objects.get_or_create(name=role.group)
        group.permissions.set(permissions_of(role))


def last_app_with_models():
    from django.apps import apps

    return [config for config in apps.get_app_configs() if config.models_module][-1]


def roles_with(permission: str) -> list[Role]:
    """Return the roles that hold a permission, for pages that say which role they need."""
    return [role for role in ROLES.values() if permission in GRANTS[role.name]]


def has_role(user, role: Role) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.groups.filter(name=role.group).exists()


class NeedsPermission(PermissionDenied):
    """Refused for want of this permission: the 403 page names the roles that hold it."""

    def __init__(self, permission: str):
        super().__init__(permission)
        self.permission = permission


# What the apps ask. Each is a permission an app declared, so a role given more (or less)
# changes these answers without code.
def may_see_participants(user) -> bool:
    """Organisers see every participants' area (profiles, directory, marketplace)."""
    return user.is_authenticated and user.is_active and user.has_perm("networking.view_profile")


# An edition's overview holds registrations' figures: it is the organisers'.
OVERVIEW_PERMISSION = "registrations.view_registration"


def may_see_overview(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm(OVERVIEW_PERMISSION)


def may_preview(user) -> bool:
    """Organisers and content editors see an edition's pages before it is published."""
    return user.is_authenticated and user.is_active and user.has_perm("events.view_edition")


def may_check_in(user) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and user.has_perm("registrations.check_in_attendees")
    )


def may_override_capacity(user) -> bool:
    """Letting someone in beyond the edition's capacity is the organisers' decision."""
    return user.is_authenticated and user.has_perm("registrations.change_registration")
