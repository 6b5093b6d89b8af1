"""What the live pages add to the programme's pages (common/page_parts.py)."""

from django.template import Context

from events.models import Session

# Sessions nobody asks a speaker anything in.
WITHOUT_QUESTIONS = {Session.Type.BREAK, Session.Type.REGISTRATION}


def takes_questions(context: Context) -> bool:
    session = context.get("session")
    return isinstance(session, Session) and session.session_type not in WITHOUT_QUESTIONS
