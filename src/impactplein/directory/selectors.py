"""Reading the directory: the latest scan and its history, and certifications on a given day."""

from datetime import date
from typing import NamedTuple

from django.db.models import QuerySet

from impactplein.directory import certifications
from impactplein.directory.models import Certification, ImpactScan
from impactplein.organisations.models import Organisation


def latest_scan(organisation: Organisation) -> ImpactScan | None:
    return scan_history(organisation).first()


def scan_history(organisation: Organisation) -> QuerySet[ImpactScan]:
    """Every scan of the organisation, newest first."""
    return ImpactScan.objects.filter(organisation=organisation).order_by("-taken_at", "-pk")


class CertificationOnDay(NamedTuple):
    certification: Certification
    status: certifications.Status


def certifications_on(
    organisation: Organisation,
    day: date,
    warn_days: int = certifications.DEFAULT_WARN_DAYS,
) -> list[CertificationOnDay]:
    """Every certification of the organisation with its status on ``day`` (expired ones too)."""
    return [
        CertificationOnDay(certification, certification.status_on(day, warn_days))
        for certification in Certification.objects.filter(organisation=organisation)
        .select_related("verified_by")
        .order_by("kind", "-valid_from", "pk")
    ]
