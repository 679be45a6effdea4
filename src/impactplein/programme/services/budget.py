"""The yearly budget: lines, funding sources and expenditure with private evidence."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from impactplein.programme.models import (
    Budget,
    BudgetLine,
    Expenditure,
    FundingSource,
    Partner,
    Partnership,
)

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
# The file's first bytes say what it is; its name does not.
EVIDENCE_MAGIC = ((b"%PDF-", "pdf"), (b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpg"))


def _save(record: Model, actor: Model | None) -> None:
    record.full_clean()
    record._history_user = actor  # type: ignore[attr-defined]
    record.save()


@transaction.atomic
def budget_create(
    *, actor: Model | None, partnership: Partnership, year: int, notes: str = ""
) -> Budget:
    """The (empty) budget of ``year``; one per year, inside the partnership's period."""
    if year not in partnership.years:
        raise ValidationError(
            {"year": _("%(year)s valt buiten de looptijd van de samenwerking.") % {"year": year}}
        )
    if partnership.budgets.filter(year=year).exists():
        raise ValidationError({"year": _("Er is al een begroting voor %(year)s.") % {"year": year}})
    budget = Budget(partnership=partnership, year=year, notes=notes.strip())
    _save(budget, actor)
    return budget


@transaction.atomic
def budget_line_add(
    *, actor: Model | None, budget: Budget, category: str, description: str, amount: Decimal
) -> BudgetLine:
    line = BudgetLine(
        budget=budget, category=category, description=description.strip(), amount=amount
    )
    _save(line, actor)
    return line


def _funder_check(budget: Budget, partner: Partner | None) -> None:
    if partner is not None and partner.partnership_id != budget.partnership_id:
        raise ValidationError({"partner": _("Deze partner hoort niet bij deze samenwerking.")})


@transaction.atomic
def funding_source_add(
    *,
    actor: Model | None,
    budget: Budget,
    kind: str,
    name: str,
    committed: Decimal,
    received: Decimal = Decimal("0"),
    partner: Partner | None = None,
    funder: str = "",
) -> FundingSource:
    """Money promised for the year by a partner or another funder, and how much came in."""
    _funder_check(budget, partner)
    source = FundingSource(
        budget=budget,
        kind=kind,
        name=name.strip(),
        committed=committed,
        received=received,
        partner=partner,
        funder=funder.strip(),
    )
    _save(source, actor)
    return source


@transaction.atomic
def funding_source_update(
    *, actor: Model | None, source: FundingSource, committed: Decimal, received: Decimal
) -> FundingSource:
    """Record a changed commitment or money received."""
    current = FundingSource.objects.select_for_update().get(pk=source.pk)
    current.committed = committed
    current.received = received
    _save(current, actor)
    return current


def _evidence_extension(upload: UploadedFile) -> str:
    if upload.size is not None and upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError({"evidence": _("Het bewijsstuk is groter dan 10 MB.")})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for magic, extension in EVIDENCE_MAGIC:
        if head.startswith(magic):
            return extension
    raise ValidationError(
        {"evidence": _("Het bewijsstuk moet een PDF-, PNG- of JPEG-bestand zijn.")}
    )


@transaction.atomic
def expenditure_add(
    *,
    actor: Model | None,
    budget: Budget,
    date: date,
    category: str,
    description: str,
    amount: Decimal,
    evidence: UploadedFile | None = None,
) -> Expenditure:
    """Record money spent, with its evidence stored privately (named by its checked content)."""
    expenditure = Expenditure(
        budget=budget,
        date=date,
        category=category,
        description=description.strip(),
        amount=amount,
        entered_by=actor,
    )
    extension = _evidence_extension(evidence) if evidence is not None else ""
    expenditure.full_clean(exclude=["evidence", "entered_by"])
    if date.year != budget.year:
        raise ValidationError(
            {"date": _("Deze datum ligt niet in %(year)s.") % {"year": budget.year}}
        )
    if evidence is not None:
        expenditure.evidence_name = (evidence.name or "")[-200:]
        expenditure.evidence.save(f"evidence.{extension}", evidence, save=False)
    expenditure._history_user = actor  # type: ignore[attr-defined]
    expenditure.save()
    return expenditure
