"""The month names Django's "E" date format writes, translated by our catalogue.

Django's own Italian catalogue capitalises them ("Marzo"); ours comes first (LOCALE_PATHS), so
these entries give the lower case Italian writes. clusters_event/formats/it uses them.
"""

from django.utils.translation import pgettext_lazy

ALTERNATIVE_MONTH_NAMES = (
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
)
