"""A version per edition of everything its meeting pages show, raised by PostgreSQL triggers, so
what a page computed (a person's schedule, a pair's free times, the matchmaking) can be reused
until anything in it changes.

The triggers run on every write, whichever code makes it (a form, the admin, an update of many
rows, an erasure, the worker expiring requests): the matchmaking, its blocks and tables, the room
it names, meetings, busy slots, the names and status of a registration with meetings, the edition's
time zone (slot times follow it), and what decides when a person is free: days attended, seats,
sessions put in one's agenda, and sessions' times, capacity and cancellation. SQLite has no such
triggers: there nothing is reused. No foreign key to the edition: while an edition is deleted its
rows' triggers may write its row once more, and the row is harmless.
"""

from django.db import migrations, models

CREATE = """
CREATE FUNCTION meetings_changed(edition bigint) RETURNS void LANGUAGE sql AS $$
    INSERT INTO meetings_meetingsversion (edition_id, version)
    SELECT edition, 1 WHERE edition IS NOT NULL
    ON CONFLICT (edition_id) DO UPDATE SET version = meetings_meetingsversion.version + 1
$$;

CREATE FUNCTION meetings_edition_row_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN PERFORM meetings_changed(OLD.edition_id); END IF;
    IF TG_OP <> 'DELETE' THEN PERFORM meetings_changed(NEW.edition_id); END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER meetings_matchmaking_changed
AFTER INSERT OR UPDATE OR DELETE ON meetings_matchmaking
FOR EACH ROW EXECUTE FUNCTION meetings_edition_row_changed();
CREATE TRIGGER meetings_session_changed
AFTER UPDATE OF starts_at, ends_at, capacity, is_cancelled, edition_id OR DELETE ON events_session
FOR EACH ROW EXECUTE FUNCTION meetings_edition_row_changed();

CREATE FUNCTION meetings_matchmaking_part_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM meetings_changed(m.edition_id) FROM meetings_matchmaking m
     WHERE m.id = CASE TG_OP WHEN 'DELETE' THEN OLD.matchmaking_id ELSE NEW.matchmaking_id END;
    RETURN NULL;
END $$;
CREATE TRIGGER meetings_block_changed AFTER INSERT OR UPDATE OR DELETE ON meetings_meetingblock
FOR EACH ROW EXECUTE FUNCTION meetings_matchmaking_part_changed();
CREATE TRIGGER meetings_table_changed AFTER INSERT OR UPDATE OR DELETE ON meetings_meetingtable
FOR EACH ROW EXECUTE FUNCTION meetings_matchmaking_part_changed();

CREATE FUNCTION meetings_block_part_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM meetings_changed(m.edition_id)
       FROM meetings_meetingblock b JOIN meetings_matchmaking m ON m.id = b.matchmaking_id
      WHERE b.id = CASE TG_OP WHEN 'DELETE' THEN OLD.block_id ELSE NEW.block_id END;
    RETURN NULL;
END $$;
CREATE TRIGGER meetings_meeting_changed AFTER INSERT OR UPDATE OR DELETE ON meetings_meeting
FOR EACH ROW EXECUTE FUNCTION meetings_block_part_changed();
CREATE TRIGGER meetings_busy_slot_changed AFTER INSERT OR UPDATE OR DELETE ON meetings_busyslot
FOR EACH ROW EXECUTE FUNCTION meetings_block_part_changed();

CREATE FUNCTION meetings_person_part_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM meetings_changed(r.edition_id) FROM registrations_registration r
     WHERE r.id = CASE TG_OP WHEN 'DELETE' THEN OLD.registration_id ELSE NEW.registration_id END
       AND EXISTS (SELECT 1 FROM meetings_matchmaking m WHERE m.edition_id = r.edition_id);
    RETURN NULL;
END $$;
CREATE TRIGGER meetings_attended_day_changed
AFTER INSERT OR UPDATE OR DELETE ON registrations_attendedday
FOR EACH ROW EXECUTE FUNCTION meetings_person_part_changed();
CREATE TRIGGER meetings_seat_changed AFTER INSERT OR UPDATE OR DELETE ON registrations_seat
FOR EACH ROW EXECUTE FUNCTION meetings_person_part_changed();
CREATE TRIGGER meetings_starred_session_changed
AFTER INSERT OR UPDATE OR DELETE ON registrations_starredsession
FOR EACH ROW EXECUTE FUNCTION meetings_person_part_changed();

CREATE FUNCTION meetings_registration_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM meetings_meeting WHERE requester_id = NEW.id OR invitee_id = NEW.id)
    THEN
        PERFORM meetings_changed(NEW.edition_id);
        PERFORM meetings_changed(OLD.edition_id);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER meetings_registration_changed
AFTER UPDATE OF edition_id, status, first_name, last_name, organisation
ON registrations_registration FOR EACH ROW
WHEN ((OLD.edition_id, OLD.status, OLD.first_name, OLD.last_name, OLD.organisation)
      IS DISTINCT FROM (NEW.edition_id, NEW.status, NEW.first_name, NEW.last_name,
       NEW.organisation))
EXECUTE FUNCTION meetings_registration_changed();

CREATE FUNCTION meetings_edition_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM meetings_changed(NEW.id);
    RETURN NULL;
END $$;
CREATE TRIGGER meetings_edition_changed AFTER UPDATE OF time_zone ON events_edition
FOR EACH ROW WHEN (OLD.time_zone IS DISTINCT FROM NEW.time_zone)
EXECUTE FUNCTION meetings_edition_changed();

CREATE FUNCTION meetings_place_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM meetings_changed(m.edition_id) FROM meetings_matchmaking m
     WHERE m.place_id = CASE TG_OP WHEN 'DELETE' THEN OLD.id ELSE NEW.id END;
    RETURN NULL;
END $$;
CREATE TRIGGER meetings_place_changed AFTER UPDATE OR DELETE ON events_place
FOR EACH ROW EXECUTE FUNCTION meetings_place_changed();
"""

DROP = """
DROP TRIGGER meetings_place_changed ON events_place;
DROP FUNCTION meetings_place_changed();
DROP TRIGGER meetings_edition_changed ON events_edition;
DROP FUNCTION meetings_edition_changed();
DROP TRIGGER meetings_registration_changed ON registrations_registration;
DROP FUNCTION meetings_registration_changed();
DROP TRIGGER meetings_starred_session_changed ON registrations_starredsession;
DROP TRIGGER meetings_seat_changed ON registrations_seat;
DROP TRIGGER meetings_attended_day_changed ON registrations_attendedday;
DROP FUNCTION meetings_person_part_changed();
DROP TRIGGER meetings_busy_slot_changed ON meetings_busyslot;
DROP TRIGGER meetings_meeting_changed ON meetings_meeting;
DROP FUNCTION meetings_block_part_changed();
DROP TRIGGER meetings_table_changed ON meetings_meetingtable;
DROP TRIGGER meetings_block_changed ON meetings_meetingblock;
DROP FUNCTION meetings_matchmaking_part_changed();
DROP TRIGGER meetings_session_changed ON events_session;
DROP TRIGGER meetings_matchmaking_changed ON meetings_matchmaking;
DROP FUNCTION meetings_edition_row_changed();
DROP FUNCTION meetings_changed(bigint);
"""


def on_postgresql(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0002_texts_without_invisible_characters"),
        ("events", "0012_speaker_country_and_what_they_present"),
        ("registrations", "0017_registration_gender"),
    ]

    operations = [
        migrations.CreateModel(
            name="MeetingsVersion",
            fields=[
                ("edition_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("version", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP)),
    ]
