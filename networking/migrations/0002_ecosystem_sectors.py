"""The European Commission's 14 industrial ecosystems, as the ECCP lists them; organisers edit
the list in the admin."""

from django.db import migrations

ECOSYSTEMS = [
    ("aerospace-defence", "Aerospace and defence", "Aerospazio e difesa"),
    ("agri-food", "Agri-food", "Agroalimentare"),
    ("construction", "Construction", "Costruzioni"),
    ("cultural-creative", "Cultural and creative industries", "Industrie culturali e creative"),
    ("digital", "Digital", "Digitale"),
    ("electronics", "Electronics", "Elettronica"),
    ("energy-intensive", "Energy-intensive industries", "Industrie ad alta intensità energetica"),
    ("renewable-energy", "Renewable energy", "Energie rinnovabili"),
    ("health", "Health", "Salute"),
    (
        "mobility-transport-automotive",
        "Mobility, transport and automotive",
        "Mobilità, trasporti e automotive",
    ),
    (
        "proximity-social-economy",
        "Proximity, social economy and civil security",
        "Prossimità, economia sociale e sicurezza civile",
    ),
    ("retail", "Retail", "Commercio al dettaglio"),
    ("textile", "Textile", "Tessile"),
    ("tourism", "Tourism", "Turismo"),
]


def add_ecosystems(apps, schema_editor):
    Sector = apps.get_model("networking", "Sector")
    for order, (slug, english, italian) in enumerate(ECOSYSTEMS, start=1):
        Sector.objects.get_or_create(
            slug=slug,
            defaults={"name": english, "name_en": english, "name_it": italian, "order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("networking", "0001_initial")]

    operations = [migrations.RunPython(add_ecosystems, migrations.RunPython.noop)]
