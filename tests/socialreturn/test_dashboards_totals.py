"""The sums the database keeps per contract and form of fulfilment (migration 0003) always equal
the sums of the entries themselves, whatever is inserted, changed or deleted."""

from decimal import Decimal

from django.db import connection
from django.db.models import Q, Sum

import pytest

from impactplein.socialreturn.constants import EntryKind, EntryStatus
from impactplein.socialreturn.models import FulfilmentEntry
from impactplein.socialreturn.selectors.dashboards import ENTRY_TOTALS
from tests.socialreturn import factories

pytestmark = pytest.mark.django_db


def _kept() -> dict[tuple[int, str], tuple[int, int, int]]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT contract_id, kind, approved, pending, draft FROM {ENTRY_TOTALS}"  # noqa: S608
        )
        return {(c, k): (int(a), int(p), int(d)) for c, k, a, p, d in cursor.fetchall()}


def _summed() -> dict[tuple[int, str], tuple[int, int, int]]:
    def part(status: str) -> Sum:
        return Sum("value", filter=Q(status=status), default=0)

    rows = FulfilmentEntry.objects.values("contract_id", "kind").annotate(
        a=part(EntryStatus.APPROVED), p=part(EntryStatus.SUBMITTED), d=part(EntryStatus.DRAFT)
    )
    return {(r["contract_id"], r["kind"]): (int(r["a"]), int(r["p"]), int(r["d"])) for r in rows}


def test_the_kept_sums_follow_every_insert_update_and_delete() -> None:
    one, two = factories.contract(), factories.contract()
    draft = factories.entry(one, status=EntryStatus.DRAFT, value=Decimal("700"))
    factories.entry(one, status=EntryStatus.APPROVED, value=Decimal("6000"))
    purchase = factories.entry(
        one, kind=EntryKind.PURCHASE, status=EntryStatus.SUBMITTED, value=Decimal("4000")
    )
    rejected = factories.entry(two, status=EntryStatus.REJECTED, value=Decimal("999"))
    assert _kept() == _summed()
    assert _kept()[(one.pk, EntryKind.COST_ITEM)] == (6000, 0, 700)

    draft.status = EntryStatus.SUBMITTED
    draft.value = Decimal("750")
    draft.save()
    purchase.status = EntryStatus.APPROVED
    purchase.save(update_fields=["status"])
    FulfilmentEntry.objects.filter(pk=rejected.pk).update(status=EntryStatus.SUBMITTED)
    assert _kept() == _summed()
    assert _kept()[(one.pk, EntryKind.PURCHASE)] == (4000, 0, 0)

    FulfilmentEntry.objects.filter(contract=one, kind=EntryKind.COST_ITEM).delete()
    FulfilmentEntry.objects.filter(pk=purchase.pk).update(contract=two)
    assert _kept() == _summed()
    assert (one.pk, EntryKind.COST_ITEM) not in _kept()


def test_the_triggers_that_keep_the_sums_exist() -> None:
    """A later migration that rebuilds the entries table on SQLite drops its triggers: it must
    create them again (see migration 0003)."""
    entry = factories.entry(factories.contract(), value=Decimal("1"))
    FulfilmentEntry.objects.filter(pk=entry.pk).update(value=Decimal("5"))

    assert _kept()[(entry.contract_id, entry.kind)] == (0, 5, 0)
