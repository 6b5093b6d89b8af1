"""A version per edition of everything its directory and marketplace show, raised by PostgreSQL
triggers, so a rendered listing can be reused until anything in it changes.

The triggers run on every write, whichever code makes it (a form, the admin, an update of many
rows, an erasure): profiles, their sectors, entries, theirs, the networking options, the
sectors' names (every edition), and the names, organisation, type, country and status of a
registration that has a profile. SQLite has no such triggers: there listings are never reused.
No foreign key to the edition: while an edition is deleted its profiles' triggers may write its
row once more, and the row is harmless.
"""

from django.db import migrations, models

CREATE = """
CREATE FUNCTION networking_directory_changed(edition bigint) RETURNS void LANGUAGE sql AS $$
    INSERT INTO networking_directoryversion (edition_id, version)
    SELECT edition, 1 WHERE edition IS NOT NULL
    ON CONFLICT (edition_id) DO UPDATE SET version = networking_directoryversion.version + 1
$$;

CREATE FUNCTION networking_edition_of_profile(profile bigint) RETURNS bigint LANGUAGE sql AS $$
    SELECT r.edition_id FROM networking_profile p
    JOIN registrations_registration r ON r.id = p.registration_id WHERE p.id = profile
$$;

CREATE FUNCTION networking_profile_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM networking_directory_changed(r.edition_id) FROM registrations_registration r
     WHERE r.id = CASE TG_OP WHEN 'DELETE' THEN OLD.registration_id ELSE NEW.registration_id END;
    RETURN NULL;
END $$;
CREATE TRIGGER networking_profile_changed AFTER INSERT OR UPDATE OR DELETE ON networking_profile
FOR EACH ROW EXECUTE FUNCTION networking_profile_changed();

CREATE FUNCTION networking_profile_part_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM networking_directory_changed(networking_edition_of_profile(
        CASE TG_OP WHEN 'DELETE' THEN OLD.profile_id ELSE NEW.profile_id END));
    RETURN NULL;
END $$;
CREATE TRIGGER networking_profile_sectors_changed
AFTER INSERT OR UPDATE OR DELETE ON networking_profile_sectors
FOR EACH ROW EXECUTE FUNCTION networking_profile_part_changed();
CREATE TRIGGER networking_entry_changed AFTER INSERT OR UPDATE OR DELETE ON networking_entry
FOR EACH ROW EXECUTE FUNCTION networking_profile_part_changed();

CREATE FUNCTION networking_entry_sectors_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM networking_directory_changed(networking_edition_of_profile(e.profile_id))
       FROM networking_entry e
      WHERE e.id = CASE TG_OP WHEN 'DELETE' THEN OLD.entry_id ELSE NEW.entry_id END;
    RETURN NULL;
END $$;
CREATE TRIGGER networking_entry_sectors_changed
AFTER INSERT OR UPDATE OR DELETE ON networking_entry_sectors
FOR EACH ROW EXECUTE FUNCTION networking_entry_sectors_changed();

CREATE FUNCTION networking_options_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM networking_directory_changed(
        CASE TG_OP WHEN 'DELETE' THEN OLD.edition_id ELSE NEW.edition_id END);
    RETURN NULL;
END $$;
CREATE TRIGGER networking_options_changed
AFTER INSERT OR UPDATE OR DELETE ON networking_networkingoptions
FOR EACH ROW EXECUTE FUNCTION networking_options_changed();

CREATE FUNCTION networking_sectors_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE networking_directoryversion SET version = version + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER networking_sectors_changed
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON networking_sector
FOR EACH STATEMENT EXECUTE FUNCTION networking_sectors_changed();

CREATE FUNCTION networking_registration_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM networking_profile WHERE registration_id = NEW.id) THEN
        PERFORM networking_directory_changed(NEW.edition_id);
        PERFORM networking_directory_changed(OLD.edition_id);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER networking_registration_changed
AFTER UPDATE OF edition_id, status, first_name, last_name, organisation, category, country
ON registrations_registration FOR EACH ROW
WHEN ((OLD.edition_id, OLD.status, OLD.first_name, OLD.last_name, OLD.organisation,
       OLD.category, OLD.country)
      IS DISTINCT FROM (NEW.edition_id, NEW.status, NEW.first_name, NEW.last_name,
       NEW.organisation, NEW.category, NEW.country))
EXECUTE FUNCTION networking_registration_changed();
"""

DROP = """
DROP TRIGGER networking_registration_changed ON registrations_registration;
DROP FUNCTION networking_registration_changed();
DROP TRIGGER networking_sectors_changed ON networking_sector;
DROP FUNCTION networking_sectors_changed();
DROP TRIGGER networking_options_changed ON networking_networkingoptions;
DROP FUNCTION networking_options_changed();
DROP TRIGGER networking_entry_sectors_changed ON networking_entry_sectors;
DROP FUNCTION networking_entry_sectors_changed();
DROP TRIGGER networking_entry_changed ON networking_entry;
DROP TRIGGER networking_profile_sectors_changed ON networking_profile_sectors;
DROP FUNCTION networking_profile_part_changed();
DROP TRIGGER networking_profile_changed ON networking_profile;
DROP FUNCTION networking_profile_changed();
DROP FUNCTION networking_edition_of_profile(bigint);
DROP FUNCTION networking_directory_changed(bigint);
"""


def on_postgresql(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("networking", "0004_stored_search_vectors")]

    operations = [
        migrations.CreateModel(
            name="DirectoryVersion",
            fields=[
                ("edition_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("version", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP)),
    ]
