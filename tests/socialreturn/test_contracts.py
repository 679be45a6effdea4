"""Contracts through the service: the obligation is computed with the pinned scheme and stored
with its inputs and steps; editing an input recomputes it; the scheme is pinned to published
versions and changes after award only without fulfilment and with a reason; a stale edit is
refused in Dutch; status "niet nagekomen" needs a penalty note; the history names every change;
a supplier's member sees exactly their organisation's contracts."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import translation

import pytest

from impactplein.socialreturn import valuation
from impactplein.socialreturn.constants import ContractStatus, SchemeStatus
from impactplein.socialreturn.selectors.contracts import (
    contract_history,
    contracts_visible_to,
    supplier_pso_level_on,
)
from impactplein.socialreturn.services import contracts as services
from tests.organisations.factories import OrganisationFactory, UserFactory
from tests.socialreturn import factories

pytestmark = pytest.mark.django_db


def data(**overrides) -> services.ContractData:  # type: ignore[no-untyped-def]
    values = {
        "reference": "DR-2026-001",
        "title": "Groenonderhoud Dordrecht-West",
        "buyer_department": "Stadsbeheer",
        "supplier": overrides.pop("supplier", None) or OrganisationFactory(),
        "contract_type": "services",
        "value": Decimal("1000000"),
        "awarded_on": date(2025, 12, 1),
        "start_date": date(2026, 1, 1),
        "end_date": date(2027, 12, 31),
        "scheme": overrides.pop("scheme") if "scheme" in overrides else factories.scheme(),
    }
    values.update(overrides)
    return services.ContractData(**values)


def expected(value: str, scheme=None, **terms) -> Decimal:  # type: ignore[no-untyped-def]
    """What the engine says for the default terms with ``value`` (the independent oracle)."""
    engine = valuation.load_scheme((scheme or factories.scheme()).definition)
    contract_terms = valuation.ContractTerms(
        reference="x",
        contract_type=terms.get("contract_type", "services"),
        value=Decimal(value),
        start=date(2026, 1, 1),
        end=date(2027, 12, 31),
        awarded_on=date(2025, 12, 1),
        labour_share=terms.get("labour_share"),
        offered_percentage=terms.get("offered_percentage"),
        supplier_pso_level=terms.get("supplier_pso_level", ""),
    )
    return valuation.obligation(contract_terms, engine).amount


def test_the_obligation_is_stored_with_its_inputs_and_steps() -> None:
    contract = services.contract_create(actor=None, data=data())
    # Den Haag 2023: 5% of a services contract above the threshold.
    assert contract.obligation == Decimal("50000") == expected("1000000")
    stored = contract.obligation_inputs
    assert stored["scheme"] == "den-haag-2023@2023-07-01"
    assert stored["terms"]["value"] == "1000000"
    assert stored["inputs"]["percentage"] == "5"
    assert stored["steps"]
    assert contract.status == ContractStatus.AWARDED


def test_a_contract_below_the_threshold_has_no_obligation() -> None:
    contract = services.contract_create(actor=None, data=data(value=Decimal("100000")))
    assert contract.obligation == 0


def test_editing_an_input_recomputes_the_obligation_with_the_pinned_scheme() -> None:
    contract = services.contract_create(actor=None, data=data())
    changed = services.contract_update(
        actor=None,
        contract=contract,
        expected_version=contract.version,
        data=data(
            supplier=contract.supplier, value=Decimal("2000000"), offered_percentage=Decimal("6")
        ),
    )
    assert (
        changed.obligation
        == Decimal("120000")
        == expected("2000000", offered_percentage=Decimal("6"))
    )
    assert changed.version == contract.version + 1
    assert changed.obligation_inputs["terms"]["offered_percentage"] == "6"
    assert changed.scheme == contract.scheme


def test_the_same_data_changes_nothing() -> None:
    contract = services.contract_create(actor=None, data=data())
    same = services.contract_update(
        actor=None,
        contract=contract,
        expected_version=contract.version,
        data=data(supplier=contract.supplier, scheme=contract.scheme),
    )
    assert same.version == contract.version
    assert contract.history.count() == 1


def test_a_stale_edit_is_refused_in_dutch_and_saves_nothing() -> None:
    contract = services.contract_create(actor=None, data=data())
    services.contract_update(
        actor=None,
        contract=contract,
        expected_version=1,
        data=data(supplier=contract.supplier, title="Eerste wijziging"),
    )
    with translation.override("nl"), pytest.raises(services.StaleContractError) as caught:
        services.contract_update(
            actor=None,
            contract=contract,
            expected_version=1,
            data=data(supplier=contract.supplier, title="Tweede wijziging"),
        )
    assert "Iemand anders heeft dit contract intussen gewijzigd" in str(caught.value)
    contract.refresh_from_db()
    assert contract.title == "Eerste wijziging"


def test_only_a_published_scheme_can_be_pinned() -> None:
    draft = factories.scheme(status=SchemeStatus.DRAFT, version="concept", published_at=None)
    with translation.override("nl"), pytest.raises(ValidationError) as caught:
        services.contract_create(actor=None, data=data(scheme=draft))
    assert caught.value.message_dict["scheme"] == [
        "Een contract kan alleen aan een gepubliceerd waarderingsmodel hangen."
    ]


def test_without_a_scheme_the_one_valid_on_the_award_date_is_pinned() -> None:
    contract = services.contract_create(
        actor=None, data=data(scheme=None, awarded_on=date(2024, 3, 1))
    )
    assert contract.scheme.is_published
    assert contract.scheme.valid_from is None or contract.scheme.valid_from <= date(2024, 3, 1)


def test_the_scheme_changes_after_award_only_with_a_reason_and_without_fulfilment() -> None:
    contract = services.contract_create(actor=None, data=data())
    utrecht = factories.scheme(preset="utrecht")
    with translation.override("nl"), pytest.raises(ValidationError) as caught:
        services.contract_update(
            actor=None,
            contract=contract,
            expected_version=contract.version,
            data=data(supplier=contract.supplier, scheme=utrecht),
        )
    assert "scheme_change_reason" in caught.value.message_dict
    changed = services.contract_update(
        actor=None,
        contract=contract,
        expected_version=contract.version,
        data=data(supplier=contract.supplier, scheme=utrecht),
        scheme_change_reason="Verkeerd model bij gunning gekozen",
    )
    assert changed.scheme == utrecht
    assert changed.obligation_inputs["scheme"].startswith("utrecht@")
    assert contract_history(contract=changed)[0].reason == "Verkeerd model bij gunning gekozen"
    factories.entry(changed)
    with translation.override("nl"), pytest.raises(ValidationError) as caught:
        services.contract_update(
            actor=None,
            contract=changed,
            expected_version=changed.version,
            data=data(supplier=contract.supplier, scheme=factories.scheme()),
            scheme_change_reason="Toch weer terug",
        )
    assert "al invulling" in caught.value.message_dict["scheme"][0]


def test_non_compliant_needs_a_penalty_note() -> None:
    contract = services.contract_create(actor=None, data=data())
    with translation.override("nl"), pytest.raises(ValidationError) as caught:
        services.contract_set_status(
            actor=None,
            contract=contract,
            expected_version=contract.version,
            status=ContractStatus.NON_COMPLIANT,
        )
    assert "boete" in caught.value.message_dict["penalty_note"][0]
    done = services.contract_set_status(
        actor=None,
        contract=contract,
        expected_version=contract.version,
        status=ContractStatus.NON_COMPLIANT,
        penalty_note="Boete van € 12.000 conform artikel 8 van de overeenkomst.",
    )
    assert done.status == ContractStatus.NON_COMPLIANT


def test_the_history_names_who_changed_which_field_from_what_to_what() -> None:
    officer = factories.officer()
    contract = services.contract_create(actor=officer, data=data())
    services.contract_update(
        actor=officer,
        contract=contract,
        expected_version=contract.version,
        data=data(supplier=contract.supplier, value=Decimal("1200000")),
    )
    with translation.override("nl"):
        history = contract_history(contract=contract)
    assert len(history) == 2
    labels = {change.label: (change.old, change.new) for change in history[0].changes}
    assert labels["opdrachtwaarde (excl. btw)"] == ("1000000.00", "1200000.00")
    assert labels["verplichting (€)"] == ("50000", "60000")
    assert history[0].who == str(officer)


def test_a_supplier_member_sees_exactly_their_organisations_contracts() -> None:
    mine = factories.contract()
    factories.contract()  # another supplier's
    member = factories.supplier_member(mine)
    assert list(contracts_visible_to(member)) == [mine]
    assert list(contracts_visible_to(UserFactory())) == []
    assert contracts_visible_to(factories.officer()).count() == 2


def test_the_pso_level_comes_from_the_directory_on_the_award_date() -> None:
    from impactplein.directory.models import Certification

    supplier = OrganisationFactory()
    Certification.objects.create(
        organisation=supplier,
        kind="pso",
        level="trede_2",
        valid_from=date(2025, 1, 1),
        valid_until=date(2025, 12, 31),
    )
    assert supplier_pso_level_on(supplier, date(2025, 6, 1)) == "trede_2"
    assert supplier_pso_level_on(supplier, date(2026, 6, 1)) == ""
