"""Organisers: set-up in the admin, the slot grid with its figures, changes that keep meetings."""

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import Meeting, MeetingTable
from tests.helpers import form_data, text_of

pytestmark = pytest.mark.django_db


def change_url(matchmaking):
    return reverse("admin:meetings_matchmaking_change", args=[matchmaking.pk])


def test_the_grid_shows_who_meets_whom_at_which_table_with_the_figures(
    admin_client, edition, matchmaking, person
):
    block = matchmaking.blocks.all()[0]
    people = [person(first_name=name, organisation=f"{name} Cluster") for name in "ABCDEFGH"]
    first = services.request_meeting(
        requester=people[0], invitee=people[1], slot=block.slot(0), message="Hi"
    )
    services.accept(meeting_id=first.pk, by=people[1])
    second = services.request_meeting(
        requester=people[2], invitee=people[3], slot=block.slot(0), message="Hi"
    )
    services.accept(meeting_id=second.pk, by=people[3])
    declined = services.request_meeting(
        requester=people[4], invitee=people[5], slot=block.slot(1), message="Hi"
    )
    services.decline(meeting_id=declined.pk, by=people[5])
    cancelled = services.request_meeting(
        requester=people[6], invitee=people[7], slot=block.slot(1), message="Hi"
    )
    services.accept(meeting_id=cancelled.pk, by=people[7])
    services.cancel(meeting_id=cancelled.pk, by=people[6])
    Meeting.objects.filter(pk=first.pk).update(outcome=Meeting.Outcome.HELD)
    Meeting.objects.filter(pk=second.pk).update(outcome=Meeting.Outcome.NO_SHOW)

    page = admin_client.get(change_url(matchmaking)).content.decode()
    grid_url = reverse("admin:meetings_matchmaking_grid", args=[matchmaking.pk, block.pk])
    assert f'href="{grid_url}"' in page
    grid = text_of(admin_client.get(grid_url))
    assert (
        "requested: 4 · waiting for an answer: 0 · accepted: 2 · declined: 1 · cancelled: 1 · "
        "expired: 0 · held: 1 · no-show: 1"
    ) in grid
    row = grid[grid.index("14:00–14:20") : grid.index("14:20–14:40")]
    assert row.index("A Cluster") < row.index("B Cluster") < row.index("C Cluster")
    assert "Held" in row and "No-show" in row
    assert "G Cluster" not in grid  # a cancelled meeting leaves the grid
    assert "Table 5" in grid


def test_set_up_with_numbered_tables_and_no_block_shrinks_under_a_meeting(
    admin_client, edition, matchmaking, person
):
    page = admin_client.get(change_url(matchmaking)).content.decode()
    data = form_data(page, "matchmaking_form")
    data["add_numbered_tables"] = "3"
    response = admin_client.post(change_url(matchmaking), data)
    assert response.status_code == 302
    assert list(MeetingTable.objects.values_list("name", flat=True)) == [
        str(number) for number in range(1, 9)
    ]

    block = matchmaking.blocks.all()[0]
    anna, bruno = person(first_name="Anna"), person(first_name="Bruno")
    meeting = services.request_meeting(
        requester=anna,
        invitee=bruno,
        slot=block.slot(9),
        message="Hi",  # 17:00, the last
    )
    services.accept(meeting_id=meeting.pk, by=bruno)
    data = form_data(admin_client.get(change_url(matchmaking)).content.decode(), "matchmaking_form")
    data["blocks-0-ends_at"] = "17:00"
    refused = admin_client.post(change_url(matchmaking), data)
    assert refused.status_code == 200
    assert "Slot 10 of this block has a confirmed meeting" in text_of(refused)
    data["blocks-0-ends_at"] = "17:30"
    data["slot_minutes"] = "30"
    refused = admin_client.post(change_url(matchmaking), data)
    assert "would fall outside it" in text_of(refused)
    block.refresh_from_db()
    assert f"{block.ends_at:%H:%M}" == "17:30"


def test_the_grid_comes_in_groups_of_eight_tables_and_times_are_the_editions(
    admin_client, edition, matchmaking
):
    MeetingTable.objects.bulk_create(
        MeetingTable(matchmaking=matchmaking, name=str(number), order=number)
        for number in range(6, 21)  # 20 tables in all
    )
    block = matchmaking.blocks.all()[0]
    url = reverse("admin:meetings_matchmaking_grid", args=[matchmaking.pk, block.pk])
    page = admin_client.get(url).content.decode()
    captions = page.split("<caption>")[1:]
    assert [caption.split("</caption>")[0] for caption in captions] == [
        "Tables 1 to 8",
        "Tables 9 to 16",
        "Tables 17 to 20",
    ]
    assert "<style" not in page  # the page's styles are the admin's stylesheet (CSP)

    # "Requests open" is entered, and shown, in the edition's time zone, as it says.
    form = admin_client.get(change_url(matchmaking)).content.decode()
    assert "Local time in Europe/Rome." in form
    data = form_data(form, "matchmaking_form")
    data |= {"booking_opens_at_0": edition.start_date.isoformat(), "booking_opens_at_1": "09:00"}
    data["booking_closes_at_0"] = edition.start_date.isoformat()
    data["booking_closes_at_1"] = "12:00"
    response = admin_client.post(change_url(matchmaking), data)
    assert response.status_code == 302, text_of(response)
    matchmaking.refresh_from_db()
    assert matchmaking.booking_opens_at.astimezone(edition.tz).strftime("%H:%M") == "09:00"
