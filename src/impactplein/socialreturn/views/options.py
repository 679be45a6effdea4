"""Fulfilment options of a contract (tab "Mogelijkheden"): social enterprises in the region that
sell to buyers, and what a purchase of a chosen amount would count under the contract's scheme.

The amount comes from the address (``?bedrag=12500``), so a list can be shared; it defaults to
the contract's remaining obligation. Visible to whoever may see the contract.
"""

from decimal import Decimal

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from impactplein.socialreturn.selectors.dashboards import contract_progress
from impactplein.socialreturn.selectors.options import fulfilment_options as options_for
from impactplein.socialreturn.services.spend import parse_amount
from impactplein.socialreturn.statement import euros
from impactplein.socialreturn.views.dashboards import contract_for, percent

MAX_AMOUNT = Decimal("100000000")


def fulfilment_options(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    contract = contract_for(request, pk)
    today = timezone.localdate()
    progress = contract_progress(contract, today=today)
    amount, amount_error = progress.remaining, ""
    typed = request.GET.get("bedrag", "").strip()
    if typed:
        parsed = parse_amount(typed)
        if parsed is None or parsed <= 0 or parsed > MAX_AMOUNT:
            amount_error = _(
                "'%(value)s' is geen bedrag tussen 1 en 100.000.000 euro. Hieronder staat het "
                "resterende bedrag."
            ) % {"value": typed[:40]}
        else:
            amount = parsed.quantize(Decimal("1"))
    found = options_for(contract, amount=amount, today=today)
    rows = [
        {
            "option": option,
            "weight": percent(option.weight),
            "value": euros(option.value),
        }
        for option in found.options
    ]
    context = {
        "contract": contract,
        "progress": progress,
        "remaining": euros(progress.remaining),
        "amount": amount,
        "amount_text": euros(amount),
        "typed": typed if amount_error else str(amount),
        "amount_error": amount_error,
        "found": found,
        "in_region": [row for row in rows if row["option"].in_region],
        "elsewhere": [row for row in rows if not row["option"].in_region],
    }
    return render(request, "socialreturn/options/list.html", context)
