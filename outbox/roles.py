"""Who sees the emails sent and may send a failed one again (see common/roles.py)."""

from common.roles import COMMUNICATIONS, grant

grant(COMMUNICATIONS, "outbox.send_email_again", view_only=("outbox.Email",))
