"""Organisers' actions on each object's history in the admin: who, when, what was done.

The admin records additions, changes (with the fields changed) and deletions itself; the
actions that are not a form's save (cancel, promote, check in, replace links, hide, send) are
written here, in the words of the person who did them.
"""

from collections.abc import Iterable

from django.contrib.admin.models import CHANGE, LogEntry
from django.db.models import Model


def record(user, objects: Iterable[Model], what: str) -> None:
    """Write on each object's history that this user did `what` to it, now."""
    objects = [obj for obj in objects if obj is not None and obj.pk is not None]
    if objects and user is not None and user.is_authenticated:
        LogEntry.objects.log_actions(
            user_id=user.pk, queryset=objects, action_flag=CHANGE, change_message=str(what)
        )
