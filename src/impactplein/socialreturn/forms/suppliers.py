"""The contract form's supplier: typed as a KvK number or (part of) a name, resolved on submit.

The register can hold thousands of organisations, too many for a select, so the officer types
and the form looks the organisation up; when several fit, the form comes back with them as radio
buttons. No JavaScript needed.
"""

import re
from typing import Any

from django import forms
from django.utils.safestring import SafeString

from impactplein.organisations.models import Organisation
from impactplein.organisations.selectors import kvk_number_of, organisation_list

#: At most this many organisations are fetched and offered to choose from.
MAX_CANDIDATES = 10

# The end of what supplier_label writes, so an unchanged or copied label finds its organisation.
_KVK_IN_LABEL = re.compile(r"\(\s*kvk[\s:]*([0-9][0-9 .]*)\)\s*$", re.IGNORECASE)


def supplier_label(organisation: Organisation) -> str:
    """What the supplier input shows for an organisation: its name and KvK number."""
    name: str = organisation.name
    return f"{name} (KvK {organisation.kvk_number})" if organisation.kvk_number else name


def candidate_label(organisation: Organisation) -> str:
    """One radio button: name, KvK number and municipality, enough to tell namesakes apart."""
    parts = [organisation.name]
    if organisation.kvk_number:
        parts.append(f"KvK {organisation.kvk_number}")
    parts.append(organisation.municipality.name)
    return " — ".join(parts)


def kvk_number_in(text: str) -> str | None:
    """The KvK number the officer typed (spaces and dots allowed), alone or at a label's end."""
    for candidate in (text, *_KVK_IN_LABEL.findall(text)):
        if (number := kvk_number_of(candidate.replace(".", ""))) is not None:
            return number
    return None


def supplier_candidates(text: str) -> list[Organisation]:
    """The organisations that fit what was typed, at most MAX_CANDIDATES.

    A KvK number finds that organisation only. Otherwise organisations whose name equals the
    text (ignoring case) win; only without them do names containing the text count.
    """
    kvk_number = kvk_number_in(text)
    if kvk_number is not None:
        found = Organisation.objects.select_related("municipality").filter(kvk_number=kvk_number)
        return list(found[:1])
    matches = organisation_list(query=text)
    exact = list(matches.filter(name__iexact=text)[:MAX_CANDIDATES])
    return exact or list(matches[:MAX_CANDIDATES])


class NothingToChoose(forms.HiddenInput):
    """Stands in for the candidates' radio buttons while there is nothing to choose from."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        return SafeString("")
