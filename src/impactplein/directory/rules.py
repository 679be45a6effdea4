"""Who may do what in the directory (auto-discovered by ``rules``).

Members of an organisation edit its impact profile, record its scans and add its certifications;
staff act on any organisation when one of their roles grants the model permission. Verifying a
certification's evidence needs ``directory.verify_certification`` itself, so no organisation
verifies its own. The object of a check is the organisation or one of its directory records.
"""

import rules

from impactplein.core.permissions import has_model_perm
from impactplein.directory.models import Certification, ImpactProfile, ImpactScan
from impactplein.organisations.models import Organisation
from impactplein.organisations.selectors import membership_role


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
    return membership_role(user=user, organisation=organisation) is not None


for _perm in (
    "directory.add_impactprofile",
    "directory.change_impactprofile",
    "directory.add_impactscan",
    "directory.add_certification",
):
    rules.add_perm(_perm, is_member | has_model_perm(_perm))

rules.add_perm("directory.view_impactscan", is_member | has_model_perm("directory.view_impactscan"))
rules.add_perm("directory.verify_certification", has_model_perm("directory.verify_certification"))
