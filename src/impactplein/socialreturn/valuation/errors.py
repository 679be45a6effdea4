"""What is wrong with a scheme or contract file, said precisely enough to fix it.

A loader never stops at the first mistake: it collects a :class:`Problem` for every field that is
missing, of the wrong type or out of range, and raises one :class:`InvalidScheme` or
:class:`InvalidContract` carrying all of them. Each problem names *where* (``path``, e.g.
``items[2].hours_per_week``), *what* (a stable ``code`` the web layer can translate) and says it in
an English sentence that names the field and the item (``items[2] (P-7): hours_per_week must be a
number, not 'veel'``). ``params`` holds the values used in that sentence.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where, a stable code, an English sentence and its values."""

    path: str
    code: str
    message: str
    params: Mapping[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.message


class _Invalid(ValueError):
    """A file with one or more problems; ``str()`` lists them all, one a line."""

    what = "file"

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(p.message for p in self.problems) or f"invalid {self.what}")


class InvalidScheme(_Invalid):
    """A scheme definition that does not follow the documented format."""

    what = "scheme"


class InvalidContract(_Invalid):
    """A contract file (terms and items) that does not follow the documented format."""

    what = "contract"
