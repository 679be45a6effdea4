"""Django validators around the pure rules in ``identifiers.py``, with messages for people."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from impactplein.organisations import identifiers

MESSAGES: dict[str, str | Promise] = {
    "kvk_number": _("Een KvK-nummer bestaat uit precies 8 cijfers, bijvoorbeeld 12345678."),
    "establishment_number": _(
        "Een vestigingsnummer bestaat uit precies 12 cijfers, bijvoorbeeld 000012345678."
    ),
    "postcode": _("Vul een Nederlandse postcode in: 4 cijfers en 2 letters, bijvoorbeeld 3311 AB."),
    "postcode_zero": _("Een Nederlandse postcode begint niet met een 0."),
    "postcode_letters": _(
        "De lettercombinaties SA, SD en SS komen in Nederlandse postcodes niet voor."
    ),
    "phone": _(
        "Vul een Nederlands telefoonnummer in, bijvoorbeeld 078 123 45 67, 06 12345678 of "
        "+31 78 123 45 67."
    ),
    "phone_foreign": _("Vul een Nederlands telefoonnummer in (met +31 of zonder landcode)."),
    "sbi_code": _("Een SBI-code bestaat uit cijfers, bijvoorbeeld 62010 of 62.01."),
    "sbi_length_2008": _("Een SBI 2008-code heeft 2 tot 5 cijfers."),
    "sbi_length_2025": _("Een SBI 2025-code heeft precies 5 cijfers."),
    "sbi_division": _("Deze SBI-code bestaat niet: de eerste twee cijfers zijn geen afdeling."),
    "sbi_version": _("Kies SBI 2008 of SBI 2025."),
}


def message_for(error: identifiers.IdentifierError) -> str | Promise:
    return MESSAGES.get(error.code, _("Deze waarde is ongeldig."))


def as_validation_error(error: identifiers.IdentifierError) -> ValidationError:
    return ValidationError(message_for(error), code=error.code)


def _check(normalise: Callable[[str], str], value: str) -> None:
    """Accept only the stored (canonical) form of the identifier."""
    try:
        canonical = normalise(value)
    except identifiers.IdentifierError as error:
        raise as_validation_error(error) from error
    if canonical != value:
        raise ValidationError(_("Deze waarde is niet in de juiste vorm opgeslagen."), code="form")


def validate_kvk_number(value: str) -> None:
    _check(identifiers.normalise_kvk_number, value)


def validate_establishment_number(value: str) -> None:
    _check(identifiers.normalise_establishment_number, value)


def validate_postcode(value: str) -> None:
    _check(identifiers.normalise_postcode, value)


def validate_phone(value: str) -> None:
    _check(identifiers.normalise_phone, value)
