"""What text people type may hold: the same rules for the public forms and the admin."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Invisible characters that change how text around them reads (bidi overrides) or hide in it
# (zero-width spaces). Zero-width (non-)joiners stay allowed: some scripts need them in names.
ALLOWED_FORMAT_CHARACTERS = {"\u200c", "\u200d"}


def validate_plain_text(value: str) -> None:
    """Refuse control and invisible characters, and text that was not valid Unicode."""
    for character in value:
        category = unicodedata.category(character)
        if category == "Cf" and character not in ALLOWED_FORMAT_CHARACTERS:
            raise ValidationError(
                _(
                    "This text contains an invisible formatting character (such as a "
                    "direction mark or a zero-width space); please retype it."
                ),
                code="invisible_character",
            )
        if character == "\ufffd" or category == "Cs":
            raise ValidationError(
                _("This text contains characters that are not valid; please retype it."),
                code="invalid_unicode",
            )
        if category == "Cc" and character not in "\n\r\t":
            raise ValidationError(
                _("This text contains control characters; please retype it."),
                code="control_character",
            )


def validate_single_line(value: str) -> None:
    if "\n" in value or "\r" in value:
        raise ValidationError(_("Please write this on one line."), code="multiline")


# For titles, subjects and names: one line (a line break in a subject makes the email fail at
# sending time), no invisible or control characters.
ONE_LINE = [validate_plain_text, validate_single_line]
# For longer texts: line breaks allowed, invisible and control characters not.
PLAIN_TEXT = [validate_plain_text]


def sort_key(text: str) -> str:
    """Order names as a reader expects in any of our languages: by letters, ignoring case and
    accents ("Čeština" among the Cs, "Österreich" among the Os)."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
