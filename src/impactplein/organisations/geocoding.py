"""Coordinates of an address from the PDOK Locatieserver, the government's free geocoder.

A small client with no Django import: :func:`lookup` asks the Locatieserver's ``free`` endpoint for
the address with a postcode and house number and returns its point in WGS 84, or ``None`` when the
address is unknown. When the server answers nonsense it raises :class:`GeocodingError`, when it
cannot be reached its subclass :class:`Unreachable`; the caller (``services.py`` and ``tasks.py``)
then keeps the centre of the municipality, so a save never fails or waits because of geocoding.

The request is made by a *fetcher*, a function ``(url, timeout) -> bytes``; tests pass a fake one,
so they never use the network.

Source: the Locatieserver's documentation (github.com/PDOK/locatieserver, wiki "API
Locatieserver", release notes 3.1): ``/free`` takes ``q``, filter queries ``fq`` and ``rows``,
and answers ``{"response": {"docs": [{"centroide_ll": "POINT(lon lat)", ...}]}}``. Version 3.1
refuses query parameters it does not know, so only documented ones are sent.
"""

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Final

DEFAULT_URL: Final = "https://api.pdok.nl/bzk/locatieserver/search/v3_1/free"
DEFAULT_TIMEOUT: Final = 3.0
USER_AGENT: Final = "Impactplein (+https://impactplein.nl)"
_PLACES: Final = Decimal("0.000001")  # six decimals, about 10 cm: the model's precision
# The Netherlands (with a margin, without the Caribbean municipalities): a point outside is a
# wrong answer, not an address we register.
_LATITUDES: Final = (Decimal("50.7"), Decimal("53.6"))
_LONGITUDES: Final = (Decimal("3.3"), Decimal("7.3"))
_POINT: Final = re.compile(r"\s*POINT\s*\(\s*(-?[0-9.]+)\s+(-?[0-9.]+)\s*\)\s*", re.IGNORECASE)
_POSTCODE: Final = re.compile(r"[1-9][0-9]{3}[A-Z]{2}")

Fetcher = Callable[[str, float], bytes]


class GeocodingError(Exception):
    """The Locatieserver could not be asked, or its answer could not be read."""


class Unreachable(GeocodingError):
    """The Locatieserver did not answer (network, timeout): the next address fares no better."""


@dataclass(frozen=True)
class Point:
    latitude: Decimal
    longitude: Decimal


def point(latitude: Decimal | str | float, longitude: Decimal | str | float) -> Point:
    """A point rounded to the six decimals the database keeps."""
    return Point(
        Decimal(str(latitude)).quantize(_PLACES), Decimal(str(longitude)).quantize(_PLACES)
    )


def compact_postcode(postcode: str) -> str:
    """``"3311 AB"`` -> ``"3311AB"``, the form the Locatieserver indexes."""
    return re.sub(r"\s", "", postcode).upper()


def search_url(base_url: str, postcode: str, house_number: int) -> str:
    """The ``free`` query for one address: filtered on type, postcode and house number, so a
    near match (another number in the street) is never taken for the address."""
    code = compact_postcode(postcode)
    if not _POSTCODE.fullmatch(code):
        raise ValueError(f"Not a Dutch postcode: {postcode!r}")
    if house_number < 1:
        raise ValueError(f"Not a house number: {house_number!r}")
    query = urllib.parse.urlencode(
        [
            ("q", f"{code} {house_number}"),
            ("fq", "type:adres"),
            ("fq", f"postcode:{code}"),
            ("fq", f"huisnummer:{house_number}"),
            ("fl", "centroide_ll"),
            ("rows", "1"),
        ]
    )
    return f"{base_url}?{query}"


def parse_response(body: bytes) -> Point | None:
    """The point of the first address in a ``free`` answer; ``None`` when nothing was found."""
    try:
        data = json.loads(body)
        docs = data["response"]["docs"]
    except (ValueError, KeyError, TypeError) as error:
        raise GeocodingError("The answer is not a Locatieserver response.") from error
    if not isinstance(docs, list):
        raise GeocodingError("The answer has no list of documents.")
    if not docs:
        return None
    text = docs[0].get("centroide_ll") if isinstance(docs[0], dict) else None
    match = _POINT.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise GeocodingError("The address has no readable centroide_ll.")
    try:
        # Well-known text puts x (longitude) before y (latitude).
        found = point(match.group(2), match.group(1))
    except InvalidOperation as error:
        raise GeocodingError("The coordinates are not numbers.") from error
    if not (
        _LATITUDES[0] <= found.latitude <= _LATITUDES[1]
        and _LONGITUDES[0] <= found.longitude <= _LONGITUDES[1]
    ):
        raise GeocodingError("The point lies outside the Netherlands.")
    return found


def fetch(url: str, timeout: float) -> bytes:
    """GET ``url`` within ``timeout`` seconds; any failure becomes :class:`GeocodingError`."""
    if not url.startswith("https://") and not url.startswith("http://"):
        raise GeocodingError("Only http(s) URLs are asked.")
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url, headers={"Accept": "application/json", "User-Agent": USER_AGENT}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            body: bytes = response.read(1_000_000)
            return body
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
        raise Unreachable(f"The Locatieserver could not be reached: {error}") from error


def lookup(
    postcode: str,
    house_number: int,
    *,
    base_url: str = DEFAULT_URL,
    timeout: float = DEFAULT_TIMEOUT,
    fetcher: Fetcher = fetch,
) -> Point | None:
    """The point of the address, ``None`` if the Locatieserver does not know it.

    Raises :class:`GeocodingError` when the server cannot be reached or its answer is unreadable,
    and ``ValueError`` when the postcode or house number is not one that can be looked up.
    """
    return parse_response(fetcher(search_url(base_url, postcode, house_number), timeout))
