"""Fulfilment pages: a contract's entries (tab "Invulling") and its reports (tab "Rapportages"),
one entry with its value, evidence, history and actions, the officers' approval queue.

Who sees what is decided by ``rules.py``: a supplier's members see their own contracts, officers
every contract. Evidence is private and served here only. Candidates appear by code; a name is
shown only to the employer-services role (``socialreturn.view_candidateidentity``).

Split by concept into the modules of this package and re-exported here, so ``urls.py`` names
every page as ``fulfilment.<view>``: ``entries`` (the list, its export, adding and editing),
``deletion`` (deleting a draft), ``detail`` (one entry), ``approval`` (submitting, deciding, the
queue), ``evidence`` and ``reports``; ``common`` holds what they share.
"""

from impactplein.socialreturn.views.fulfilment.approval import (
    approval_queue,
    entry_decide,
    entry_submit,
)
from impactplein.socialreturn.views.fulfilment.deletion import entry_delete
from impactplein.socialreturn.views.fulfilment.detail import entry_detail
from impactplein.socialreturn.views.fulfilment.entries import (
    contract_entries,
    contract_entries_export,
    entry_create,
    entry_edit,
)
from impactplein.socialreturn.views.fulfilment.evidence import evidence_download, evidence_upload
from impactplein.socialreturn.views.fulfilment.reports import contract_reports, report_submit

__all__ = [
    "approval_queue",
    "contract_entries",
    "contract_entries_export",
    "contract_reports",
    "entry_create",
    "entry_decide",
    "entry_delete",
    "entry_detail",
    "entry_edit",
    "entry_submit",
    "evidence_download",
    "evidence_upload",
    "report_submit",
]
