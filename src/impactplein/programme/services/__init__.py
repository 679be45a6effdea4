"""Everything that writes the programme's records: one function per use case, keyword-only,
transactional, with the actor in the change history. Permission checks belong to the caller
(views ask ``rules``); services keep the invariants: no lost updates, figures in range, records
of one partnership only.
"""

from impactplein.programme.services.budget import (
    budget_create,
    budget_line_add,
    expenditure_add,
    funding_source_add,
    funding_source_update,
)
from impactplein.programme.services.partnership import (
    objective_add,
    partner_add,
    partnership_create,
    team_member_add,
)
from impactplein.programme.services.programmes import (
    ACTIVITY_FIELDS,
    PROGRESS_FIELDS,
    StaleActivityError,
    StaleProgrammeError,
    activity_create,
    activity_update,
    programme_adopt,
    programme_create,
    programme_for_next_year,
    timeline_entry_add,
)

__all__ = [
    "ACTIVITY_FIELDS",
    "PROGRESS_FIELDS",
    "StaleActivityError",
    "StaleProgrammeError",
    "activity_create",
    "activity_update",
    "budget_create",
    "budget_line_add",
    "expenditure_add",
    "funding_source_add",
    "funding_source_update",
    "objective_add",
    "partner_add",
    "partnership_create",
    "programme_adopt",
    "programme_create",
    "programme_for_next_year",
    "team_member_add",
    "timeline_entry_add",
]
