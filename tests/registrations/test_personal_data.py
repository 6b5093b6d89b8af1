"""Every kind of data about a person is exported and erased, each by its app's one provider."""

from django.apps import apps

from outbox.models import Email
from registrations.models import Registration
from registrations.personal_data import PROVIDERS, PersonalData

OUR_APPS = {"common", "outbox", "events", "registrations", "networking", "meetings", "messaging"}


def models_about_people() -> set[type]:
    """Return every model of ours whose rows lead to a registration: its own, and those that
    point at a registration or at such a row; and the outbox's emails, which name their person
    through the content types framework."""
    found = {Registration, Email}
    grew = True
    while grew:
        grew = False
        for model in apps.get_models():
            if model in found or model._meta.app_label not in OUR_APPS:
                continue
            pointed = {
                field.related_model
                for field in model._meta.get_fields()
                if field.concrete and (field.many_to_one or field.one_to_one)
            }
            if pointed & found:
                found.add(model)
                grew = True
    return found


def test_a_provider_covers_every_model_with_a_persons_data():
    covered = [model for provider in PROVIDERS for model in provider.models]
    assert len(covered) == len(set(covered)), "a model is covered by two providers"
    names = sorted(model._meta.label for model in models_about_people() - set(covered))
    assert names == []
    for provider in PROVIDERS:  # each says both what it exports and what it erases
        assert type(provider).export is not PersonalData.export
        assert type(provider).erase is not PersonalData.erase
