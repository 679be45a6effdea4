"""The engine behind the search interface, chosen by the database in use."""

from __future__ import annotations

from typing import Any

from .base import Backend, Match, Row
from .postgresql import PostgreSQLBackend
from .sqlite import SQLiteBackend

__all__ = ["Backend", "Match", "Row", "backend_for"]

_BACKENDS: dict[str, Backend] = {
    backend.vendor: backend for backend in (SQLiteBackend(), PostgreSQLBackend())
}


def backend_for(connection: Any) -> Backend:
    """The backend for a Django database connection; other databases are not supported."""
    try:
        return _BACKENDS[connection.vendor]
    except KeyError:
        raise NotImplementedError(
            f"The search index supports SQLite and PostgreSQL, not {connection.vendor}."
        ) from None
