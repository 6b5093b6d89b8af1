"""Profiles keep their search vector, so a keyword search reads it instead of building one for
every listed profile on every request (at 5,000 participants, 33 ms of a search's 55).

On PostgreSQL, triggers keep it as `networking.directory.keyword_match` used to build it: the
names, organisation and region unstemmed ("simple"), the texts stemmed in the language their
author chose. They run on every write to a profile's searched fields and on every change to its
registration's names, whichever code makes it (a form, the admin, an erasure, an update of many
rows). SQLite has no text search: the column stays empty there.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import migrations

# The languages PostgreSQL can stem, as networking.directory.TEXT_SEARCH_CONFIGS on this day.
CONFIGS = {
    "da": "danish", "nl": "dutch", "en": "english", "fi": "finnish", "fr": "french",
    "de": "german", "el": "greek", "hu": "hungarian", "it": "italian", "lt": "lithuanian",
    "no": "norwegian", "pt": "portuguese", "ro": "romanian", "sr": "serbian", "es": "spanish",
    "sv": "swedish", "tr": "turkish",
}  # fmt: skip

WHEN = " ".join(f"WHEN '{code}' THEN '{name}'" for code, name in CONFIGS.items())

CREATE = f"""
CREATE FUNCTION networking_text_search_config(code text) RETURNS regconfig
LANGUAGE sql IMMUTABLE AS $$ SELECT (CASE code {WHEN} ELSE 'simple' END)::regconfig $$;

CREATE FUNCTION networking_profile_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT to_tsvector('simple', COALESCE(r.first_name, '') || ' ' || COALESCE(r.last_name, '')
               || ' ' || COALESCE(r.organisation, '') || ' ' || COALESCE(NEW.region, ''))
           || to_tsvector(networking_text_search_config(NEW.text_language),
               COALESCE(NEW.about, '') || ' ' || COALESCE(NEW.seeking, ''))
      INTO NEW.search_vector
      FROM registrations_registration r WHERE r.id = NEW.registration_id;
    RETURN NEW;
END $$;

CREATE TRIGGER networking_profile_search_vector
BEFORE INSERT OR UPDATE OF registration_id, region, about, seeking, text_language, search_vector
ON networking_profile FOR EACH ROW EXECUTE FUNCTION networking_profile_search_vector();

CREATE FUNCTION networking_registration_names_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.first_name, NEW.last_name, NEW.organisation)
       IS DISTINCT FROM (OLD.first_name, OLD.last_name, OLD.organisation) THEN
        UPDATE networking_profile SET search_vector = NULL WHERE registration_id = NEW.id;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER networking_registration_names_changed
AFTER UPDATE OF first_name, last_name, organisation ON registrations_registration
FOR EACH ROW EXECUTE FUNCTION networking_registration_names_changed();

UPDATE networking_profile SET search_vector = NULL;
CREATE INDEX networking_profile_search_vector ON networking_profile USING gin (search_vector);
"""

DROP = """
DROP INDEX networking_profile_search_vector;
DROP TRIGGER networking_registration_names_changed ON registrations_registration;
DROP FUNCTION networking_registration_names_changed();
DROP TRIGGER networking_profile_search_vector ON networking_profile;
DROP FUNCTION networking_profile_search_vector();
DROP FUNCTION networking_text_search_config(text);
"""


def on_postgresql(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("networking", "0003_sign_in_links_die_with_replaced_links"),
    ]

    operations = [
        migrations.AddField(
            model_name="profile",
            name="search_vector",
            field=SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP)),
    ]
