"""Reading plain JSON-like data into typed values while collecting every problem.

The file formats use JSON numbers or numeric strings for amounts (``40000``, ``"2.5"``), ISO
dates (``"2024-01-31"``), ``true``/``false`` and strings. Amounts become :class:`~decimal.Decimal`:
files are parsed with ``parse_float=Decimal`` so a float never appears, and a float handed in by
Python code (a JSON column decoded without that option) is read through its shortest text form,
so ``2.5`` means exactly ``Decimal("2.5")``. ``true``/``false`` are never numbers.

:class:`Fields` reads one JSON object (the contract, one item, one block): each accessor returns
the value or a fallback and records a :class:`~.errors.Problem` when the value is missing or wrong;
:meth:`Fields.finish` reports the keys nobody asked for, which catches misspelt field names.
"""

import json
import re
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from .errors import Problem

_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def shown(value: object) -> str:
    """A value as it appears in a message: strings quoted, the rest as JSON would write it."""
    if isinstance(value, str):
        return repr(value) if len(value) <= 40 else repr(value[:37] + "...")
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    return str(value)


def to_decimal(value: object) -> Decimal | None:
    """``value`` as a finite Decimal, or ``None`` when it is not a number (booleans are not)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        try:
            result = Decimal(repr(value))
        except InvalidOperation:
            return None
        return result if result.is_finite() else None
    if isinstance(value, str) and _NUMBER.match(value.strip()):
        return Decimal(value.strip())
    return None


def to_date(value: object) -> date | None:
    """``value`` as a date: a :class:`date` or an ISO ``YYYY-MM-DD`` string."""
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def json_number(value: Decimal) -> int | str:
    """A Decimal for a JSON file: an integer when whole, else its exact text (``"2.5"``)."""
    if value == value.to_integral_value():
        return int(value)
    return format(value.normalize(), "f")


class Fields:
    """Reads the fields of one JSON object, recording a problem for each bad one.

    ``prefix`` is the object's path (``items[2]``; ``""`` at the top of a file) and ``label`` how
    messages name it (``items[2] (P-7)``; ``""`` for none).
    """

    def __init__(
        self,
        problems: list[Problem],
        data: Mapping[str, Any],
        *,
        prefix: str = "",
        label: str = "",
        item: str = "",
    ) -> None:
        self.problems = problems
        self.data = data
        self.prefix = prefix
        self.label = label
        self.item = item
        self.seen: set[str] = set()

    # -- reporting -----------------------------------------------------------------------------

    def path(self, name: str) -> str:
        return f"{self.prefix}.{name}" if self.prefix else name

    def report(self, name: str, code: str, text: str, **params: str) -> None:
        """Record a problem with field ``name``; ``text`` follows the field name in the message."""
        where = f"{self.label}: " if self.label else ""
        message = f"{where}{name} {text}" if name else f"{where}{text}"
        self.problems.append(
            Problem(
                path=self.path(name) if name else self.prefix,
                code=code,
                message=message,
                params={"field": name, "item": self.item, **params},
            )
        )

    def _get(self, name: str, required: bool) -> tuple[bool, Any]:
        self.seen.add(name)
        if name not in self.data or self.data[name] is None:
            if required:
                self.report(name, "required", "is required")
            return False, None
        value = self.data[name]
        if isinstance(value, str) and not value.strip() and required:
            self.report(name, "required", "is required")
            return False, None
        return True, value

    def finish(self, also_allowed: Iterable[str] = ()) -> None:
        """Report every key of the object that no accessor read (a misspelt or unknown field)."""
        allowed = self.seen | set(also_allowed)
        for key in self.data:
            if key not in allowed:
                self.report(str(key), "unknown_field", "is not a known field", value=str(key))

    # -- accessors -----------------------------------------------------------------------------

    def text(self, name: str, *, required: bool = False, default: str = "") -> str:
        present, value = self._get(name, required)
        if not present:
            return default
        if not isinstance(value, str):
            self.report(
                name, "not_a_text", f"must be a text, not {shown(value)}", value=shown(value)
            )
            return default
        return value.strip()

    def choice(
        self, name: str, choices: Iterable[str], *, required: bool = False, default: str = ""
    ) -> str:
        options = tuple(choices)
        value = self.text(name, required=required, default=default)
        if value != default and value not in options:
            self.report(
                name,
                "unknown_choice",
                f"must be one of {', '.join(repr(o) for o in options if o)}, not {shown(value)}",
                value=value,
                choices=", ".join(options),
            )
            return default
        return value

    def decimal(
        self,
        name: str,
        *,
        required: bool = False,
        default: Decimal | None = None,
        minimum: Decimal | None = Decimal(0),
        maximum: Decimal | None = None,
        positive: bool = False,
    ) -> Decimal | None:
        present, value = self._get(name, required)
        if not present:
            return default
        number = to_decimal(value)
        if number is None:
            self.report(
                name, "not_a_number", f"must be a number, not {shown(value)}", value=shown(value)
            )
            return default
        return self._in_range(name, number, default, minimum, maximum, positive)

    def _in_range(
        self,
        name: str,
        number: Decimal,
        default: Decimal | None,
        minimum: Decimal | None,
        maximum: Decimal | None,
        positive: bool,
    ) -> Decimal | None:
        if positive and number <= 0:
            self.report(
                name, "out_of_range", f"must be more than 0, not {number}", value=str(number)
            )
            return default
        if minimum is not None and number < minimum:
            code = "negative" if minimum == 0 else "out_of_range"
            text = (
                f"cannot be negative ({number})"
                if minimum == 0
                else f"must be at least {minimum}, not {number}"
            )
            self.report(name, code, text, value=str(number))
            return default
        if maximum is not None and number > maximum:
            self.report(
                name,
                "out_of_range",
                f"must be at most {maximum}, not {number}",
                value=str(number),
                maximum=str(maximum),
            )
            return default
        return number

    def integer(
        self,
        name: str,
        *,
        required: bool = False,
        default: int | None = None,
        minimum: int | None = 0,
        maximum: int | None = None,
    ) -> int | None:
        present, value = self._get(name, required)
        if not present:
            return default
        number = to_decimal(value)
        if number is None or number != number.to_integral_value():
            self.report(
                name,
                "not_an_integer",
                f"must be a whole number, not {shown(value)}",
                value=shown(value),
            )
            return default
        checked = self._in_range(
            name,
            number,
            None,
            None if minimum is None else Decimal(minimum),
            None if maximum is None else Decimal(maximum),
            False,
        )
        return default if checked is None else int(checked)

    def date(self, name: str, *, required: bool = False) -> date | None:
        present, value = self._get(name, required)
        if not present:
            return None
        day = to_date(value)
        if day is None:
            self.report(
                name,
                "not_a_date",
                f"must be a date written YYYY-MM-DD, not {shown(value)}",
                value=shown(value),
            )
        return day

    def boolean(self, name: str, *, default: bool = False) -> bool:
        present, value = self._get(name, False)
        if not present:
            return default
        if not isinstance(value, bool):
            self.report(
                name,
                "not_a_boolean",
                f"must be true or false, not {shown(value)}",
                value=shown(value),
            )
            return default
        return value

    def obj(self, name: str, *, required: bool = False) -> Mapping[str, Any] | None:
        present, value = self._get(name, required)
        if not present:
            return None
        if not isinstance(value, Mapping):
            self.report(
                name, "not_an_object", f"must be an object, not {shown(value)}", value=shown(value)
            )
            return None
        return value

    def array(self, name: str, *, required: bool = False) -> list[Any]:
        present, value = self._get(name, required)
        if not present:
            return []
        if not isinstance(value, list | tuple):
            self.report(
                name, "not_a_list", f"must be a list, not {shown(value)}", value=shown(value)
            )
            return []
        return list(value)

    def texts(self, name: str) -> tuple[str, ...]:
        """A list of strings; each non-string entry is a problem."""
        result: list[str] = []
        for index, value in enumerate(self.array(name)):
            if isinstance(value, str) and value.strip():
                result.append(value.strip())
            else:
                self.report(
                    f"{name}[{index}]",
                    "not_a_text",
                    f"must be a text, not {shown(value)}",
                    value=shown(value),
                )
        return tuple(result)


def read_json_file(path: str | Path) -> tuple[Any, Problem | None]:
    """The parsed content of a JSON file (floats as Decimal), or a problem saying why not."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, Problem("", "file_not_found", "the file does not exist", {"file": str(file)})
    except IsADirectoryError:
        return None, Problem("", "not_a_file", "is a directory, not a file", {"file": str(file)})
    except UnicodeDecodeError:
        return None, Problem("", "not_utf8", "is not UTF-8 text", {"file": str(file)})
    except OSError as error:
        return None, Problem(
            "", "unreadable", f"cannot be read ({error.strerror})", {"file": str(file)}
        )
    try:
        return json.loads(text, parse_float=Decimal), None
    except json.JSONDecodeError as error:
        return None, Problem(
            "",
            "not_json",
            f"is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}",
            {"file": str(file), "line": str(error.lineno), "column": str(error.colno)},
        )
