"""Organisers' actions on each object's history in the admin: who, when, what was done.

The admin records additions, changes (with the fields changed) and deletions itself; the
actions that are not a form's save (cancel, promote, check in, replace links, hide, send) are
written here. Each is stored as its English text and values, and shown in the language of
whoever reads the history (`{% load audit %}` in templates/admin/object_history.html).
"""

import json
from collections.abc import Iterable

from django.contrib.admin.models import CHANGE, LogEntry
from django.db.models import Model
from django.utils import translation
from django.utils.translation import gettext

KEY = "organiser_action"


def record(user, objects: Iterable[Model], what: str, **values) -> None:
    """Write on each object's history that this user did `what` (a lazily translated text,
    with %(name)s for `values`) to it, now."""
    objects = [obj for obj in objects if obj is not None and obj.pk is not None]
    if not objects or user is None or not user.is_authenticated:
        return
    with translation.override(None):  # the text as written in the code, translated when read
        text = str(what)
    message = json.dumps([{KEY: {"text": text, "values": values}}])
    LogEntry.objects.log_actions(
        user_id=user.pk, queryset=objects, action_flag=CHANGE, change_message=message
    )


def describe(entry: LogEntry) -> str:
    """Return what a history line says, in the reader's language."""
    try:
        parts = json.loads(entry.change_message) if entry.change_message[:1] == "[" else None
    except json.JSONDecodeError:
        parts = None
    if not parts or not isinstance(parts[0], dict) or KEY not in parts[0]:
        return entry.get_change_message()
    action = parts[0][KEY]
    return (
        gettext(action["text"]) % action["values"] if action["values"] else gettext(action["text"])
    )
