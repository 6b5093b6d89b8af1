"""Admin login attempts, one at a time per account and per client address.

django-axes locks an account or an address out after too many failures, and keeps the audit of
attempts in the admin. It checks the lockout before the password and counts a failure after it,
so attempts that arrive together all pass the check (measured before: 40 at once evaluated 7
passwords against a limit of 5). A PostgreSQL advisory lock on the username and on the address,
held for the whole attempt, makes each attempt see the ones before it.
"""

from functools import wraps

from django.db import connection, transaction

from common.client_address import client_address


def one_attempt_at_a_time(login_view):
    @wraps(login_view)
    def view(request, *args, **kwargs):
        if request.method != "POST" or connection.vendor != "postgresql":
            # SQLite (development) runs one write at a time anyway.
            return login_view(request, *args, **kwargs)
        username = request.POST.get("username", "").strip().casefold()
        keys = sorted({f"admin-login:user:{username}", f"admin-login:ip:{client_address(request)}"})
        with transaction.atomic(), connection.cursor() as cursor:
            for key in keys:  # always in the same order, so two attempts never deadlock
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])
            return login_view(request, *args, **kwargs)

    return view
