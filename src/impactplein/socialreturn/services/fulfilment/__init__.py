"""Writing fulfilment: entries, their evidence and their way from draft to approved.

An entry is a draft while its author works on it, ``submitted`` when it waits for an officer,
then ``approved`` (locked for good: no edit, no delete, no new evidence) or ``rejected`` with a
reason (edited and submitted again). Only a draft may be deleted. Every write:

* runs in one transaction and locks the entry (``select_for_update``);
* refuses an edit made on an older ``version`` (:class:`StaleEntryError`);
* records the actor and what happened in the history (``history_change_reason`` holds a code of
  :data:`CHANGE_REASONS`);
* values the contract's entries again (``valuing.revalue_contract``), because the counting caps
  per candidate depend on every entry's status and order.

Four eyes: the officer who approves or rejects is never the person who entered the entry, nor
the person who last changed or submitted it. Permission to act at all (supplier member, officer)
is the caller's check (``rules.py``); the four-eyes rule is checked here since it depends on the
entry's history.

Split by concept into the modules of this package and re-exported here: ``entries`` (record,
change, delete), ``approval`` (submit, approve, reject, four eyes), ``evidence`` (files checked by
content), ``fields`` (the fields of each kind and their validation) and ``common`` (lock, version
check, history, valuing again).
"""

from impactplein.socialreturn.services.fulfilment.approval import (
    FOUR_EYES,
    NOT_DECIDABLE,
    NOT_SUBMITTABLE,
    REASON_REQUIRED,
    entry_approve,
    entry_reject,
    entry_submit,
    last_author_ids,
    may_decide,
    submit_drafts,
)
from impactplein.socialreturn.services.fulfilment.common import (
    CHANGE_REASONS,
    LOCKED,
    StaleEntryError,
    acts_on_behalf,
)
from impactplein.socialreturn.services.fulfilment.entries import (
    NOT_DELETABLE,
    NOT_EDITABLE,
    entry_create,
    entry_delete,
    entry_update,
)
from impactplein.socialreturn.services.fulfilment.evidence import (
    CONTENT_TYPES,
    EVIDENCE_BROKEN_PDF,
    EVIDENCE_EMPTY,
    EVIDENCE_MACROS,
    EVIDENCE_MAX_BYTES,
    EVIDENCE_MAX_PIXELS,
    EVIDENCE_TOO_LARGE,
    EVIDENCE_UNKNOWN,
    MAX_UNPACKED_BYTES,
    clean_evidence,
    evidence_add,
    evidence_kind,
)
from impactplein.socialreturn.services.fulfilment.fields import (
    ALL_FIELDS,
    END_BEFORE_START,
    HOURS_OR_DAYS,
    INVOICE_TAKEN,
    KIND_FIELDS,
    NOT_POSITIVE,
    REQUIRED,
    REQUIRED_FIELDS,
    SUBSIDY_BEFORE_START,
)

__all__ = [
    "ALL_FIELDS",
    "CHANGE_REASONS",
    "CONTENT_TYPES",
    "END_BEFORE_START",
    "EVIDENCE_BROKEN_PDF",
    "EVIDENCE_EMPTY",
    "EVIDENCE_MACROS",
    "EVIDENCE_MAX_BYTES",
    "EVIDENCE_MAX_PIXELS",
    "EVIDENCE_TOO_LARGE",
    "EVIDENCE_UNKNOWN",
    "FOUR_EYES",
    "HOURS_OR_DAYS",
    "INVOICE_TAKEN",
    "KIND_FIELDS",
    "LOCKED",
    "MAX_UNPACKED_BYTES",
    "NOT_DECIDABLE",
    "NOT_DELETABLE",
    "NOT_EDITABLE",
    "NOT_POSITIVE",
    "NOT_SUBMITTABLE",
    "REASON_REQUIRED",
    "REQUIRED",
    "REQUIRED_FIELDS",
    "SUBSIDY_BEFORE_START",
    "StaleEntryError",
    "acts_on_behalf",
    "clean_evidence",
    "entry_approve",
    "entry_create",
    "entry_delete",
    "entry_reject",
    "entry_submit",
    "entry_update",
    "evidence_add",
    "evidence_kind",
    "last_author_ids",
    "may_decide",
    "submit_drafts",
]
