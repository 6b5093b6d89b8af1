"""Admin filters that offer only what the list holds, not every possible value."""

import copy

from django.contrib import admin


class PresentChoicesFilter(admin.ChoicesFieldListFilter):
    """A field's choices that some row of the list has (one query); the others are left out."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        present = {
            str(value)
            for value in model_admin.get_queryset(request)
            .order_by()
            .values_list(field_path, flat=True)
            .distinct()
        }
        field = copy.copy(field)
        field.choices = [
            (value, label) for value, label in field.flatchoices if str(value) in present
        ]
        super().__init__(field, request, params, model, model_admin, field_path)
