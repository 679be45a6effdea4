"""What the directory does when other apps' records change."""

from typing import Any

from impactplein.directory import tasks


def organisation_changed(sender: Any, pks: list[int], **kwargs: Any) -> None:
    """The organisations' names, addresses and kinds show in their profiles' search documents."""
    tasks.index_organisation_profiles.enqueue(pks)
