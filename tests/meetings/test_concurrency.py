"""Real threads against PostgreSQL: accepts racing for a slot's tables and for one person."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from meetings import services
from meetings.models import BusySlot, Meeting
from tests.helpers import sign_in_participant, text_of
from tests.registrations.test_concurrency import run_at_once

pytestmark = pytest.mark.django_db(transaction=True)


def accept_url(edition, meeting) -> str:
    return reverse("meetings:meeting", kwargs={"edition_slug": edition.slug, "pk": meeting.pk})


def signed_in(registration) -> Client:
    return sign_in_participant(Client(), registration)


def test_twenty_accepts_at_once_for_a_slot_with_five_tables(
    edition, matchmaking, person, ecosystem_sectors
):
    assert connection.vendor == "postgresql"
    slot = matchmaking.blocks.all()[0].slot(0)
    meetings = [
        services.request_meeting(
            requester=person(first_name=f"Asker{number}"),
            invitee=person(first_name=f"Invitee{number}"),
            slot=slot,
            message="Shall we meet?",
        )
        for number in range(20)
    ]
    clients = [signed_in(meeting.invitee) for meeting in meetings]

    responses = run_at_once(
        20,
        lambda index: clients[index].post(
            accept_url(edition, meetings[index]), {"action": "accept"}
        ),
    )

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [302] * 5 + [409] * 15  # no error page among them
    refusals = [text_of(response) for response in responses if response.status_code == 409]
    assert all("The last table at that time has just been taken" in text for text in refusals)
    # Each refusal offers the other times still free for the pair.
    assert all("Propose another time" in text for text in refusals)
    confirmed = Meeting.objects.confirmed()
    assert confirmed.count() == 5
    assert sorted(confirmed.values_list("table__name", flat=True)) == ["1", "2", "3", "4", "5"]
    assert BusySlot.objects.count() == 10  # the refused pairs' slot is free again


def test_one_person_accepted_twice_at_once_is_in_one_meeting(
    edition, matchmaking, person, ecosystem_sectors
):
    slot = matchmaking.blocks.all()[0].slot(0)
    asker = person(first_name="Asker")
    meetings = [
        services.request_meeting(
            requester=asker, invitee=person(first_name=f"Invitee{number}"), slot=slot, message="Hi"
        )
        for number in range(6)
    ]
    clients = [signed_in(meeting.invitee) for meeting in meetings]

    responses = run_at_once(
        6,
        lambda index: clients[index].post(
            accept_url(edition, meetings[index]), {"action": "accept"}
        ),
    )

    assert sorted(response.status_code for response in responses) == [302] + [409] * 5
    assert Meeting.objects.confirmed().count() == 1
    assert BusySlot.objects.filter(registration=asker).count() == 1


@pytest.mark.parametrize("other_action", ["cancel", "propose"])
def test_an_answer_racing_a_withdrawal_or_a_proposal_gives_no_error_page(
    edition, matchmaking, person, ecosystem_sectors, other_action
):
    """The requester withdraws (or the invitee, in another tab, proposes another time) at the
    moment the invitee accepts: one of them wins, the other is told why, nothing breaks."""
    block = matchmaking.blocks.all()[0]
    asker, invitee = person(first_name="Asker"), person(first_name="Invitee")
    for round_number in range(5):
        meeting = services.request_meeting(
            requester=asker, invitee=invitee, slot=block.slot(2 * round_number), message="Hi"
        )
        url = accept_url(edition, meeting)
        other_client = signed_in(asker if other_action == "cancel" else invitee)
        other_data = {"action": other_action}
        if other_action == "propose":
            other_data["propose-slot"] = block.slot(2 * round_number + 1).key
        posts = [
            (signed_in(invitee), {"action": "accept"}),
            (other_client, other_data),
        ]
        responses = run_at_once(
            2, lambda index, posts=posts, url=url: posts[index][0].post(url, posts[index][1])
        )
        assert all(response.status_code in (302, 409) for response in responses), [
            (response.status_code, text_of(response)[:200]) for response in responses
        ]
        meeting.refresh_from_db()
        busy = BusySlot.objects.filter(meeting=meeting)
        if meeting.status == Meeting.Status.CONFIRMED:
            assert busy.count() == 2 and meeting.table_id is not None
        else:
            assert busy.count() == 0
        Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CANCELLED)
        BusySlot.objects.filter(meeting=meeting).delete()
