"""The Dutch messages for a table file that cannot be read (``core.tabular.TableError``)."""

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from impactplein.core.tabular import TableError

FILE_MESSAGES: Mapping[str, Promise] = {
    "empty": _("Het bestand is leeg. Kies een bestand met een kopregel en minstens één rij."),
    "encoding": _(
        "Het bestand is geen UTF-8-tekst. Sla het in Excel op als 'CSV UTF-8 (door komma's "
        "gescheiden)' of kies een Excel-bestand (.xlsx)."
    ),
    "not_text": _("Het bestand bevat geen tekst. Kies een CSV- of Excel-bestand."),
    "unknown_columns": _("Onbekende kolom(men): %(detail)s. Gebruik de kolommen van de export."),
    "duplicate_columns": _("Deze kolom(men) staan er twee keer in: %(detail)s."),
    "missing_columns": _("Deze verplichte kolom(men) ontbreken: %(detail)s."),
    "too_many_rows": _("Het bestand heeft meer dan %(detail)s rijen. Splits het in delen."),
    "extra_cells": _("Rij %(detail)s heeft meer cellen dan de kopregel kolommen heeft."),
    "cell_too_long": _("Rij %(detail)s heeft een cel met meer dan 10.000 tekens."),
    "csv": _(
        "Het CSV-bestand is niet te lezen (rond regel %(detail)s); controleer de aanhalingstekens."
    ),
    "xlsx": _("Dit Excel-bestand is beschadigd of geen .xlsx-bestand."),
    "xlsx_too_big": _("Dit Excel-bestand pakt uit tot meer dan 200 MB en wordt niet gelezen."),
    "too_big": _("Het bestand is te groot: een importbestand mag hoogstens %(detail)s MB zijn."),
    "file_type": _("Kies een CSV-bestand (.csv) of een Excel-bestand (.xlsx)."),
}


def file_message(error: TableError) -> str:
    """What is wrong with the file as a whole, in the user's language."""
    return str(FILE_MESSAGES[error.code]) % {"detail": error.detail}
