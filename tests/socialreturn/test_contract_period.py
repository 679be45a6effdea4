"""A contract's period decides which reports are owed and how many months a placement counts, so
registering a contract plans its reports, and changing its period revalues its entries.

Den Haag/Haaglanden 2023 (domain note §1.3): Participatiewet EUR 40,000 a year at 36 h/week.
"""

from datetime import date
from decimal import Decimal

import pytest

from impactplein.socialreturn.constants import ReportKind
from impactplein.socialreturn.services import contracts as services
from tests.socialreturn import factories as f
from tests.socialreturn.test_contracts import data
from tests.socialreturn.test_valuing import placement

pytestmark = pytest.mark.django_db


def test_registering_a_contract_plans_its_interim_and_final_reports() -> None:
    # 1 January 2026 to 31 December 2027: interim reports on 2026 and 2027, due by 1 February
    # of the next year, and the final report one month after the end.
    contract = services.contract_create(actor=None, data=data())
    reports = [(r.kind, r.due_date) for r in contract.reports.order_by("due_date", "kind")]
    assert (ReportKind.FINAL, date(2028, 1, 31)) in reports
    assert (ReportKind.INTERIM, date(2027, 2, 1)) in reports


def test_a_shorter_period_revalues_the_placements_and_moves_the_final_report() -> None:
    contract = services.contract_create(
        actor=None, data=data(start_date=date(2026, 1, 1), end_date=date(2026, 12, 31))
    )
    member = f.supplier_member(contract)
    # 18 h/week (0.5 FTE) from 1 January to 30 June 2026: 40,000 x 0.5 x 6/12 = 10,000.
    entry = placement(member, contract, f.candidate())
    assert entry.value == Decimal("10000")

    # The contract now ends on 31 March 2026: only January-March count, 40,000 x 0.5 x 3/12.
    contract.refresh_from_db()
    services.contract_update(
        actor=None,
        contract=contract,
        expected_version=contract.version,
        data=data(start_date=date(2026, 1, 1), end_date=date(2026, 3, 31)),
    )
    entry.refresh_from_db()
    assert entry.value == Decimal("5000")
    final = contract.reports.get(kind=ReportKind.FINAL)
    assert final.due_date == date(2026, 4, 30)
