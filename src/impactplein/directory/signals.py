"""What the directory does when other apps' records change."""

from typing import Any

from impactplein.directory import tasks


def organisation_changed(sender: Any, pk: int, **kwargs: Any) -> None:
    """The organisation's name, address or kind shows in its profile's search document."""
    tasks.index_organisation_profile.enqueue(pk)
