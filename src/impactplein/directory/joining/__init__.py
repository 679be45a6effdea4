"""The join flow: claiming an organisation, keeping its impact profile, the review and
the yearly "is this still right?" confirmation. One function per use case, each in one
transaction, split by concept into the modules of this package and re-exported here; the
general profile services (``profile_create``, ``profile_update``,
``profile_publish``) live in ``services.py`` and are used here.

The state machine of a profile::

    draft ──submit──► submitted ──approve──► published
      ▲                  │  │                   │ edit: a ProfileRevision (pending) that the
      └──── changes_requested ◄┘  └─reject─► rejected       review approves, sends back or rejects

A profile that is already published is never changed by its members directly: an edit becomes a
:class:`ProfileRevision`, and the published version stays online until a reviewer approves the
revision, which is then applied through ``profile_update`` with the version it was made on.
Reviewers need ``directory.review_impactprofile`` and never review what they submitted or a
profile of an organisation they are a member of. Members are mailed about every decision.
"""

from impactplein.directory.joining.claims import (
    claim_approve,
    claim_reject,
    claim_request,
)
from impactplein.directory.joining.common import (
    ALREADY_MEMBER,
    ALREADY_SUBMITTED,
    CLAIM_DECIDED,
    CLAIM_PENDING,
    CONFIRMATION_INTERVAL,
    MAX_PHOTOS,
    MESSAGE_REQUIRED,
    NOTHING_TO_REVIEW,
    OWN_CLAIM,
    OWN_ORGANISATION,
    OWN_SUBMISSION,
    REJECTED_FINAL,
    REVIEW_PERMISSION,
    REVISION_OUTDATED,
    TOO_MANY_PHOTOS,
    ProfileInput,
    SaveResult,
    figure_rows_of,
    may_review,
    members_of,
    open_revision,
    pending_revision,
)
from impactplein.directory.joining.confirmation import (
    confirmation_reminders_send,
    profile_confirm,
    profile_remind,
    profiles_due_for_confirmation,
)
from impactplein.directory.joining.profiles import (
    current_state,
    profile_save,
    profile_submit,
    submission_problems,
)
from impactplein.directory.joining.reads import (
    DiffRow,
    FoundOrganisation,
    QueueItem,
    figure_text,
    find_organisations,
    form_state,
    review_queue,
    revision_diff,
)
from impactplein.directory.joining.review import (
    profile_approve,
    profile_reject,
    profile_request_changes,
)

__all__ = [
    "ALREADY_MEMBER",
    "ALREADY_SUBMITTED",
    "CLAIM_DECIDED",
    "CLAIM_PENDING",
    "CONFIRMATION_INTERVAL",
    "MAX_PHOTOS",
    "MESSAGE_REQUIRED",
    "NOTHING_TO_REVIEW",
    "OWN_CLAIM",
    "OWN_ORGANISATION",
    "OWN_SUBMISSION",
    "REJECTED_FINAL",
    "REVIEW_PERMISSION",
    "REVISION_OUTDATED",
    "TOO_MANY_PHOTOS",
    "DiffRow",
    "FoundOrganisation",
    "ProfileInput",
    "QueueItem",
    "SaveResult",
    "claim_approve",
    "claim_reject",
    "claim_request",
    "confirmation_reminders_send",
    "current_state",
    "figure_rows_of",
    "figure_text",
    "find_organisations",
    "form_state",
    "may_review",
    "members_of",
    "open_revision",
    "pending_revision",
    "profile_approve",
    "profile_confirm",
    "profile_reject",
    "profile_remind",
    "profile_request_changes",
    "profile_save",
    "profile_submit",
    "profiles_due_for_confirmation",
    "review_queue",
    "revision_diff",
    "submission_problems",
]
