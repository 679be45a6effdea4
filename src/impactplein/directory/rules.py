"""Who may do what in the directory (auto-discovered by ``rules``).

Members of an organisation edit its impact profile, record its scans and add its certifications;
staff act on any organisation when one of their roles grants the model permission. Verifying a
certification's evidence needs ``directory.verify_certification`` itself, so no organisation
verifies its own. The object of a check is the organisation or one of its directory records.
"""

from django.contrib.auth.backends import ModelBackend

import rules

from impactplein.directory.models import Certification, ImpactProfile, ImpactScan
from impactplein.organisations.models import Membership, Organisation

_model_backend = ModelBackend()


def has_model_perm(perm: str) -> rules.Predicate:
    """The user holds ``perm`` for all objects, through a group (role) or directly."""

    def check(user: object) -> bool:
        # Asked of ModelBackend directly: ``user.has_perm`` would come back into these rules.
        return _model_backend.has_perm(user, perm)

    return rules.Predicate(check, name=f"has_model_perm:{perm}")


def _organisation_of(obj: object) -> Organisation | None:
    if isinstance(obj, Organisation):
        return obj
    if isinstance(obj, ImpactProfile | Certification | ImpactScan):
        return obj.organisation
    return None


@rules.predicate
def is_member(user: object, obj: object) -> bool:
    organisation = _organisation_of(obj)
    if organisation is None:
        return False
    if not (getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)):
        return False
    return Membership.objects.filter(user=user, organisation=organisation).exists()


for _perm in (
    "directory.add_impactprofile",
    "directory.change_impactprofile",
    "directory.add_impactscan",
    "directory.add_certification",
):
    rules.add_perm(_perm, is_member | has_model_perm(_perm))

rules.add_perm("directory.view_impactscan", is_member | has_model_perm("directory.view_impactscan"))
rules.add_perm("directory.verify_certification", has_model_perm("directory.verify_certification"))
