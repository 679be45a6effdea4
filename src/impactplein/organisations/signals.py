"""Signals other apps may listen to without the organisations app knowing them.

``organisation_changed`` is sent (with ``pks``, a list) by the indexing task after organisations
were created or changed and the transaction committed, so records that show organisation data —
the impact profile in the showcase, for one — can refresh what they derived from it.
"""

from django.dispatch import Signal

organisation_changed = Signal()
