"""The PDF statement of a contract (*verantwoording*): WeasyPrint over an HTML template.

It shows the contract, its obligation with the inputs it was computed from, every approved entry
with its value (placements by candidate code, never by name), the pending entries, the totals,
what remains, and the progress chart with its data table. The figures come from the same
selectors as the progress page (``selectors.dashboards``); the view passes its context in, so page
and PDF cannot differ. The text is in the user's language (Dutch unless English was chosen).
"""

from typing import Any

from django.template.loader import render_to_string
from django.utils import formats
from django.utils.translation import gettext as _

from impactplein.socialreturn.models import Contract
from impactplein.socialreturn.selectors.dashboards import statement_entries


def euros(value: Any) -> str:
    """Whole euros as the user's language writes them: "€ 50.000" in Dutch."""
    if value is None:
        return "–"
    return "€ " + formats.number_format(value, decimal_pos=0, force_grouping=True)


def _input_rows(inputs: Any) -> list[tuple[str, str]]:
    """The obligation's calculation inputs as (name, value) lines, nested keys joined by dots."""
    rows: list[tuple[str, str]] = []

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner)
        elif isinstance(value, list | tuple):
            rows.append((prefix, "; ".join(str(v) for v in value)))
        else:
            rows.append((prefix, "" if value is None else str(value)))

    walk("", inputs or {})
    return rows


def entry_line(entry: Any) -> dict[str, Any]:
    """What the statement says of one entry: kind, what it is, its date and value."""
    what = entry.description
    if entry.candidate_id:
        what = _("kandidaat %(code)s") % {"code": entry.candidate.code}
    elif entry.social_enterprise_id:
        what = _("factuur %(number)s van %(supplier)s") % {
            "number": entry.invoice_number,
            "supplier": entry.social_enterprise.name,
        }
    return {
        "id": entry.pk,
        "kind": entry.get_kind_display(),
        "what": what,
        "block": entry.block,
        "day": entry.start_date or entry.invoice_date or entry.created_at.date(),
        "value": entry.value,
        "value_text": euros(entry.value),
    }


def render_statement(contract: Contract, *, context: dict[str, Any]) -> bytes:
    """The statement as PDF bytes; ``context`` is the progress page's (``progress_context``)."""
    from weasyprint import HTML  # imported here: the library is large and only this needs it

    approved, pending = statement_entries(contract)
    html = render_to_string(
        "socialreturn/pdf/statement.html",
        {
            **context,
            "approved_entries": [entry_line(e) for e in approved],
            "pending_entries": [entry_line(e) for e in pending],
            "inputs": _input_rows(contract.obligation_inputs),
            "contract_value": euros(contract.value),
        },
    )
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]
