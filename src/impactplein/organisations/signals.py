"""Signals other apps may listen to without the organisations app knowing them.

``organisation_changed`` is sent (with ``pk``) by the indexing task after an organisation was
created or changed and the transaction committed, so records that show organisation data — the
impact profile in the showcase, for one — can refresh what they derived from it.
"""

from django.dispatch import Signal

organisation_changed = Signal()
