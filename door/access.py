"""Who may work at the door: organisers, and check-in staff who can do nothing else.

Both hold the permission `registrations.check_in_attendees` (organisers through their group,
check-in staff through theirs: `create_door_staff`). Letting someone in beyond the edition's
capacity stays the organisers' decision.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.urls import reverse

CHECK_IN_PERMISSION = "registrations.check_in_attendees"
OVERRIDE_PERMISSION = "registrations.change_registration"


def door_staff_only(view):
    """Let in signed-in users who may check people in; send others to the staff sign-in."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("door:sign_in"))
        if not request.user.has_perm(CHECK_IN_PERMISSION):
            return render(request, "door/not_staff.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped


def may_override_capacity(user) -> bool:
    return user.has_perm(OVERRIDE_PERMISSION)
