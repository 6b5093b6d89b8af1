"""Who may work at the door: organisers, and check-in staff who can do nothing else.

The rules are in common/roles.py; letting someone in beyond the edition's capacity stays the
organisers' decision.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.urls import reverse

from common import roles

may_override_capacity = roles.may_override_capacity


def door_staff_only(view):
    """Let in signed-in users who may check people in; send others to the staff sign-in."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("door:sign_in"))
        if not roles.may_check_in(request.user):
            return render(request, "door/not_staff.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped
