"""What changes an application: applying, confirming, reviewing, deciding, the programme.

Lock order: the call's applications (select_for_update), then the programme's rows. Emails are
rows of the outbox written in the same transaction, sent by the worker after it commits.
"""

import datetime as dt

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.db.models.functions import Lower
from django.tasks import task
from django.utils import timezone
from django.utils.text import slugify

from common import audit
from events.caching import content_changed
from events.models import Material, SessionSpeaker, Speaker
from outbox import sending as outbox
from pitches import emails
from pitches.models import Application, Call, Criterion, Review, Score, Vote

Status = Application.Status


class NotAllowedNow(Exception):
    """The application is not in a state (or the clock not at a time) that allows this."""


def queue_email(application: Application, kind: str, *, purpose: str = "", **details) -> None:
    outbox.queue(
        kind,
        person=application,
        edition_id=application.call.edition_id,
        purpose=purpose,
        details=details,
    )


def same_address(call: Call, email: str):
    # Through the lower(email) unique index, not `iexact` (upper()), which cannot use it.
    return Application.objects.alias(address=Lower("email")).filter(
        call=call, address=email.strip().lower()
    )


@transaction.atomic
def submit_application(*, application: Application) -> Application:
    """Record a new application, pending until its address is confirmed, and email the link.

    A second application from the same address is not recorded: the link to the first one goes
    to that address (so the page says the same to everyone, and nobody learns who applied).
    """
    if existing := same_address(application.call, application.email).first():
        queue_email(existing, emails.LINK)
        return existing
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:  # the same address, a moment ago
        existing = same_address(application.call, application.email).get()
        queue_email(existing, emails.LINK)
        return existing
    queue_email(application, emails.CONFIRM_ADDRESS, purpose=emails.CONFIRM_ADDRESS)
    return application


def locked(application_id: int) -> Application:
    return (
        Application.objects.select_for_update()
        .select_related("call__edition", "category")
        .get(pk=application_id)
    )


@transaction.atomic
def confirm_address(*, application_id: int, now: dt.datetime | None = None) -> Application:
    application = locked(application_id)
    if application.status == Status.PENDING:
        if application.call.has_closed(now):
            raise NotAllowedNow("the call has closed")
        application.status = Status.SUBMITTED
        application.save(update_fields=["status", "updated_at"])
    return application


@transaction.atomic
def withdraw(*, application_id: int, now: dt.datetime | None = None) -> Application:
    """Withdraw an application; a place it held on the programme goes to the next reserve."""
    application = locked(application_id)
    if not application.may_withdraw():
        raise NotAllowedNow(application.status)
    held_a_place = application.status in (Status.ACCEPTED, Status.CONFIRMED)
    application.status = Status.WITHDRAWN
    application.save(update_fields=["status", "updated_at"])
    remove_from_programme(application)
    if held_a_place:
        promote_next_reserve(application, now=now)
    return application


# Reviewing


@transaction.atomic
def save_review(
    *,
    application: Application,
    reviewer,
    scores: dict[Criterion, int],
    comment: str,
    conflict: bool,
) -> Review:
    """Record a reviewer's scores on every criterion, or their conflict of interest (no scores)."""
    review, _created = Review.objects.update_or_create(
        application=application,
        reviewer=reviewer,
        defaults={"comment": comment, "conflict": conflict},
    )
    review.scores.all().delete()
    if not conflict:
        Score.objects.bulk_create(
            Score(review=review, criterion=criterion, value=value)
            for criterion, value in scores.items()
        )
    return review


# Deciding


@transaction.atomic
def record_decisions(*, call: Call, decisions: dict[int, str], user=None) -> int:
    """Keep the organisers' draft decisions; nothing is sent until they are applied."""
    changed = 0
    applications = call.applications.select_for_update().filter(pk__in=decisions)
    for application in applications.exclude(status__in=[Status.PENDING, Status.WITHDRAWN]):
        if application.decision != decisions[application.pk]:
            application.decision = decisions[application.pk]
            application.save(update_fields=["decision", "updated_at"])
            changed += 1
    return changed


def decisions_to_apply(call: Call):
    """Applications whose draft decision differs from where they stand, and may still change."""
    return (
        call.applications.filter(status__in=[Status.SUBMITTED, Status.RESERVE])
        .exclude(decision="")
        .exclude(decision=F("status"))
    )


@transaction.atomic
def apply_decisions(*, call: Call, user=None, now: dt.datetime | None = None) -> dict[str, int]:
    """Give every drafted decision at once and queue its email; return how many of each."""
    now = now or timezone.now()
    counts: dict[str, int] = {}
    for application in decisions_to_apply(call).select_for_update().select_related("call"):
        application.status = application.decision
        application.decided_at = now
        if application.status == Status.ACCEPTED:
            application.confirm_by = deadline_if_accepted(call, now)
        application.save()
        send_decision(application)
        counts[application.status] = counts.get(application.status, 0) + 1
        audit.record(
            user, [application], "Decision sent: %(decision)s", decision=application.status
        )
    return counts


def deadline_if_accepted(call: Call, now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) + dt.timedelta(days=call.confirm_days)


def send_decision(application: Application, *, from_reserve: bool = False) -> None:
    kind = emails.DECISION_KINDS[application.status]
    queue_email(
        application,
        kind,
        purpose=f"{kind}:{application.decided_at.isoformat()}",
        from_reserve=from_reserve,
    )
    if application.status == Status.ACCEPTED:
        lapse_unconfirmed.using(run_after=application.confirm_by).enqueue(
            application.pk, application.confirm_by.isoformat()
        )


@transaction.atomic
def confirm_pitch(*, application_id: int, now: dt.datetime | None = None) -> Application:
    """The accepted applicant confirms, in time: their pitch goes on the programme."""
    application = locked(application_id)
    if application.status == Status.CONFIRMED:
        return application
    if not application.awaits_confirmation(now):
        raise NotAllowedNow(application.status)
    application.status = Status.CONFIRMED
    application.confirmed_at = now or timezone.now()
    application.save(update_fields=["status", "confirmed_at", "updated_at"])
    place_on_programme(application)
    if application.session is not None:
        publish_deck.using(run_after=application.session.ends_at).enqueue(application.pk)
    return application


@task()
def publish_deck(application_id: int) -> str:
    """After the pitch, its deck becomes one of the session's materials, if the applicant
    agreed (a copy: erasing the application later leaves the published slides)."""
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("call__edition", "session", "appearance__speaker")
            .filter(pk=application_id)
            .first()
        )
        if application is None or application.status != Status.CONFIRMED:
            return "not on the programme"
        session = application.session
        if session is None or timezone.now() < session.ends_at:
            return "not yet"
        if not (application.publish_deck and application.deck) or application.deck_material_id:
            return "nothing to publish"
        material = Material(
            edition=session.edition,
            session=session,
            kind=Material.Kind.SLIDES,
            title=f"{application.title} – {application.organisation}"[:200],
            speaker=application.appearance.speaker if application.appearance else None,
        )
        with application.deck.open("rb") as deck:
            material.file.save("deck.pdf", ContentFile(deck.read()), save=False)
        material.save()
        application.deck_material = material
        application.save(update_fields=["deck_material", "updated_at"])
        content_changed(changed=session.edition)
    return "published"


@task()
def lapse_unconfirmed(application_id: int, confirm_by: str) -> str:
    """At the confirmation deadline: an acceptance not confirmed lapses, and its place goes to
    the best-ranked reserve of the same category."""
    with transaction.atomic():
        application = locked(application_id)
        now = timezone.now()
        if application.status != Status.ACCEPTED or application.confirm_by is None:
            return "answered"
        if application.confirm_by.isoformat() != confirm_by or now < application.confirm_by:
            return "deadline moved"
        application.status = Status.LAPSED
        application.save(update_fields=["status", "updated_at"])
        promoted = promote_next_reserve(application, now=now)
    return f"promoted {promoted.pk}" if promoted else "no reserve left"


def promote_next_reserve(freed: Application, *, now: dt.datetime | None = None):
    """Offer the place `freed` held to the best-ranked reserve of its category, if any."""
    from pitches.ranking import ranked

    now = now or timezone.now()
    call = freed.call
    reserves = [
        row.application
        for row in ranked(call, call.applications.filter(status=Status.RESERVE))
        if row.application.category_id == freed.category_id
    ]
    if not reserves:
        return None
    chosen = locked(reserves[0].pk)
    chosen.status = Status.ACCEPTED
    chosen.decision = Status.ACCEPTED
    chosen.decided_at = chosen.promoted_at = now
    chosen.confirm_by = deadline_if_accepted(call, now)
    chosen.session = freed.session
    chosen.save()
    send_decision(chosen, from_reserve=True)
    return chosen


# The programme (events): a confirmed pitch is a pitcher in its session's running order.


def place_on_programme(application: Application) -> None:
    session = application.session or session_with_room(application.call)
    if session is None:
        return  # the call fills no session yet: the organisers place it when they add one
    speaker = Speaker.objects.create(
        name=application.contact_name,
        slug=unique_speaker_slug(application),
        organisation=application.organisation,
        country=application.country,
    )
    last = session.appearances.order_by("-order").values_list("order", flat=True).first()
    application.appearance = SessionSpeaker.objects.create(
        session=session,
        speaker=speaker,
        role=SessionSpeaker.Role.PITCHER,
        order=(last or 0) + 1,
        presents=application.title,
    )
    application.session = session
    application.save(update_fields=["appearance", "session", "updated_at"])
    content_changed(changed=session.edition)


def session_with_room(call: Call):
    slots = call.slots.select_related("session").annotate(
        taken=Count(
            "session__appearances",
            filter=Q(session__appearances__role=SessionSpeaker.Role.PITCHER),
        )
    )
    for slot in slots:
        if slot.taken < slot.places:
            return slot.session
    return slots[0].session if slots else None


def unique_speaker_slug(application: Application) -> str:
    base = slugify(f"{application.contact_name} {application.organisation}")[:40] or "pitcher"
    slug, number = base, 1
    while Speaker.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def remove_from_programme(application: Application) -> None:
    appearance = application.appearance
    if appearance is None:
        return
    speaker = appearance.speaker
    edition = appearance.session.edition
    appearance.delete()
    if not speaker.appearances.exists():
        speaker.delete()
    content_changed(changed=edition)


# The audience's vote


class VoteRefused(Exception):
    pass


def cast_vote(*, call: Call, application: Application, registration, now=None) -> Vote:
    """One vote per checked-in participant and call, held by the database."""
    session = call.voting_session(now)
    if session is None or application.session_id != session.pk:
        raise VoteRefused("voting is not open for this pitch")
    if application.status != Status.CONFIRMED:
        raise VoteRefused("not on the programme")
    try:
        with transaction.atomic():
            return Vote.objects.create(
                call=call, application=application, registration=registration
            )
    except IntegrityError:
        raise VoteRefused("already voted") from None
