"""The showcase search at national scale (issue #3): ``make bench`` runs this on SQLite and on
PostgreSQL.

``python -m bench showcase [--documents N] [--queries 240]`` (or ``python -m bench.showcase``):

1. generates N organisations with a published impact profile as real rows (organisations,
   profiles, their themes and SDGs, certifications for about a fifth of them, some expired), in
   about 340 municipalities with their areas; deterministic for a given N;
2. builds the search index through the directory's own indexing (``directory.indexing``) and
   times it;
3. measures, in fresh processes and on the same varied queries (common and rare words,
   prefixes, two words, names, places, facets alone and with words, three orders, deep pages):
   the whole Django request of the showcase page, rendering included (``django.test.Client``);
   then the raw engine call ``core.search.search`` with the page's facet keys (the floor); and a
   naive ``icontains`` search over name and pitch;
4. prints every figure and whether each target of the issue is met; a missed target fails.

The request process is measured first, so any cache the operating system or the database warms
works in favour of the floor, never of the page. No query is repeated within a measurement.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import accumulate
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
DEFAULT_DOCUMENTS = 1_000_000
DEFAULT_QUERIES = 240
SEED = 20_261_127

#: The targets of issue #3.
TARGETS = {
    "request_p50_ms": 50.0,
    "request_p95_ms": 300.0,
    "request_to_floor_p95": 3.0,
    "build_seconds": 600.0,
    "worker_rss_mb": 300.0,
}

FACET_KEYS = ["kind", "municipality", "area", "theme", "sdg", "certification", "model", "sells"]
ORDERS = {"relevance": "relevance", "name": "title", "newest": "newest"}  # page -> engine
PER_PAGE = 20

KINDS = [
    ("social_enterprise", 40),
    ("company", 30),
    ("social_organisation", 15),
    ("education", 6),
    ("government", 4),
    ("programme_partner", 5),
]
LEGAL_FORMS = ["bv", "stichting", "cooperatie", "eenmanszaak", "vof", "vereniging"]
IMPACT_MODELS = ["employment", "social_product", "environmental", "community"]
CERTIFICATIONS = [
    ("code_sociale_ondernemingen", ""),
    ("social_enterprise_nl", ""),
    ("b_corp", ""),
    ("pso", "trede_1"),
    ("co2_prestatieladder", "3"),
    ("iso_26000", ""),
]
PREFIXES = [
    "Stichting", "Coöperatie", "Bakkerij", "Bouwbedrijf", "Adviesbureau", "Zorgboerderij",
    "Kringloop", "Werkplaats", "Drukkerij", "Catering", "Schoonmaakbedrijf", "Installatiebedrijf",
    "Fietsenmakerij", "Koffiebranderij", "Buurthuis", "Energiecoöperatie", "Groenvoorziening",
    "Transportbedrijf", "Taalhuis", "Repair Café", "Lunchroom", "Atelier", "Hoveniersbedrijf",
    "Ontwerpstudio", "Kinderopvang", "Zorgcoöperatie", "Textielatelier", "Timmerwerkplaats",
]  # fmt: skip
NAMES = [
    "De Korenaar", "Het Anker", "Op Weg", "Tweede Leven", "De Hoeve", "Nieuw Begin",
    "Samen Sterk", "De Brug", "Het Baken", "Groen Licht", "De Schakel", "Zonnig", "De Vonk",
    "Helder", "Rivierenland", "De Linde", "Noorderlicht", "Het Kompas", "De Wissel", "Morgenrood",
    "De Zwaluw", "Het Gilde", "De Werf", "Vakwerk", "Handwerk", "De Boomgaard", "Het Erf",
    "De Kaai", "Zilverling", "De Ster", "Duizendpoot", "Klaproos", "De Spil", "Het Rad",
]  # fmt: skip
TARGET_GROUPS = [
    "statushouders", "jongeren zonder startkwalificatie", "mensen met een arbeidsbeperking",
    "ouderen", "mensen met schulden", "laaggeletterden", "vijftigplussers", "vrijwilligers",
]  # fmt: skip
_WORDS_TEXT = """
duurzaam duurzaamheid vrijwilliger vrijwilligers begeleiding beleid werk werken leerwerkplek mensen
afstand arbeidsmarkt uitkering zorg ouderen jongeren wijk buurt bewoners gemeente regio ondernemers
ondernemen sociaal maatschappelijk impact product dienst klanten inkoop hergebruik circulair energie
zonnepanelen warmtepomp woningen renovatie onderwijs training opleiding stage taal armoede schulden
voedsel maaltijd catering koffie brood fietsen reparatie drukwerk schoonmaak groen natuur dieren
kinderen opvang cultuur muziek sport gezondheid inclusief divers team statushouders beperking
dagbesteding participatie samenwerking partners netwerk kwaliteit eerlijk lokaal ambachtelijk
innovatief digitaal techniek logistiek vervoer
"""
_PARTS_TEXT = """
zorg werk woon leer bouw groen energie water voedsel koffie brood fiets taal sport muziek kunst
school buurt wijk stad dorp markt winkel atelier keuken tuin boerderij fabriek werkplaats kantoor
"""
_ENDINGS_TEXT = """
plaats centrum project traject team huis winkel dienst bedrijf coach markt plan fonds lab kring
"""
_FILLER = [
    "wij",
    "de",
    "het",
    "een",
    "en",
    "van",
    "voor",
    "met",
    "in",
    "op",
    "aan",
    "die",
    "dat",
    "ook",
    "onze",
    "zijn",
    "is",
    "om",
    "te",
    "bij",
]
# About 550 words: real ones first, then compounds such as "zorgtraject" and "buurtlab".
WORDS, PARTS, ENDINGS = _WORDS_TEXT.split(), _PARTS_TEXT.split(), _ENDINGS_TEXT.split()
VOCABULARY = WORDS + [part + ending for part in PARTS for ending in ENDINGS]
# Synthetic place names for the municipalities the reference data lacks (the real ones of the
# region stay as they are).
_PLACE_HEADS = [
    "Aal",
    "Bar",
    "Bee",
    "Ber",
    "Bos",
    "Bree",
    "Dal",
    "Dier",
    "Ede",
    "Elst",
    "Gel",
    "Gou",
    "Haar",
    "Hel",
    "Hoog",
    "Kam",
    "Laar",
    "Lier",
    "Maas",
    "Mid",
    "Nij",
    "Olde",
    "Oost",
    "Put",
    "Ros",
    "Sta",
    "Ter",
    "Uit",
    "Vee",
    "Wed",
    "West",
    "Zand",
    "Zee",
    "Zuid",
    "Noord",
    "Oud",
    "Nieuw",
    "Groot",
]
_PLACE_TAILS = [
    "dam",
    "dorp",
    "veen",
    "hoven",
    "wijk",
    "broek",
    "meer",
    "haven",
    "burg",
    "loo",
    "zijl",
    "horst",
    "drecht",
]
_AREA_NAMES = [
    ("centrum", "Centrum", "centre"),
    ("bedrijventerrein-noord", "Bedrijventerrein Noord", "business_park"),
    ("bedrijventerrein-zuid", "Bedrijventerrein Zuid", "business_park"),
    ("oude-wijk", "Oude Wijk", "district"),
    ("nieuwbouwwijk", "Nieuwbouwwijk", "district"),
    ("havenkwartier", "Havenkwartier", "district"),
]
MUNICIPALITY_COUNT = 342
_WEIGHTS = [1 / (rank + 40) for rank in range(len(VOCABULARY))]


# --- data -----------------------------------------------------------------------------------


def reference() -> dict[str, Any]:
    """Municipalities (made up to about 340, with areas), themes and SDGs of the bench database."""
    from impactplein.core.models import SDG, Area, Municipality, Theme

    existing = list(Municipality.objects.order_by("cbs_code"))
    names = {municipality.name for municipality in existing}
    codes = {municipality.cbs_code for municipality in existing}
    places = [head + tail for head in _PLACE_HEADS for tail in _PLACE_TAILS]
    random.Random(SEED).shuffle(places)
    new = []
    code = 9000
    for place in places:
        if len(existing) + len(new) >= MUNICIPALITY_COUNT:
            break
        if place in names:
            continue
        while f"GM{code:04d}" in codes:
            code += 1
        codes.add(f"GM{code:04d}")
        new.append(
            Municipality(
                cbs_code=f"GM{code:04d}",
                name=place,
                province="Nederland",
                region="Nederland",
                latitude=Decimal("52.1") + Decimal(len(new) % 30) / 20,
                longitude=Decimal("5.1") + Decimal(len(new) // 30) / 20,
            )
        )
    Municipality.objects.bulk_create(new)
    municipalities = list(Municipality.objects.order_by("cbs_code"))
    with_areas = {area.municipality_id for area in Area.objects.all()}
    Area.objects.bulk_create(
        [
            Area(municipality=municipality, slug=slug, name=name, kind=kind)
            for municipality in municipalities
            if municipality.pk not in with_areas
            for slug, name, kind in _AREA_NAMES
        ]
    )
    areas: dict[int, list[Any]] = {}
    for area in Area.objects.order_by("pk"):
        areas.setdefault(area.municipality_id, []).append(area)
    return {
        "municipalities": municipalities,
        "areas": areas,
        "themes": list(Theme.objects.order_by("pk")),
        "sdgs": list(SDG.objects.order_by("number")),
    }


_CUMULATIVE = list(accumulate(_WEIGHTS))
#: The number of different pitches and stories to draw from.
POOL = 20_000


def _text(rng: random.Random, low: int, high: int) -> str:
    chosen = rng.choices(VOCABULARY, cum_weights=_CUMULATIVE, k=rng.randint(low, high))
    out = []
    for index, word in enumerate(chosen):
        out.append(word)
        if index % 3 == 2:
            out.append(rng.choice(_FILLER))
    return " ".join(out)


class _Writer:
    """Fast inserts of whole rows: every concrete column, defaults filled in, adapted once."""

    def __init__(self, model: Any) -> None:
        from django.db import connection

        self.connection = connection
        self.table = model._meta.db_table
        self.fields = list(model._meta.concrete_fields)
        self.columns = [field.column for field in self.fields]
        self.position = {field.attname: index for index, field in enumerate(self.fields)}
        now = datetime(2026, 1, 1, tzinfo=UTC)
        self.base = []
        for field in self.fields:
            value = field.get_default()
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value = now
            self.base.append(self.adapt(field, value))

    def adapt(self, field: Any, value: Any) -> Any:
        return self._adapter(field)(value)

    def _adapter(self, field: Any) -> Any:
        ops = self.connection.ops
        kind = field.get_internal_type()
        if kind == "JSONField":
            convert = json.dumps
        elif kind == "DateTimeField":
            convert = ops.adapt_datetimefield_value
        elif kind == "DateField":
            convert = ops.adapt_datefield_value
        elif kind == "DecimalField":

            def convert(value: Any) -> Any:
                return ops.adapt_decimalfield_value(value, field.max_digits, field.decimal_places)

        else:
            return lambda value: value
        return lambda value: None if value is None else convert(value)

    def row(self, values: dict[str, Any]) -> tuple[Any, ...]:
        if not hasattr(self, "_adapters"):
            self._adapters = [self._adapter(field) for field in self.fields]
        row = list(self.base)
        position, adapters = self.position, self._adapters
        for name, value in values.items():
            index = position[name]
            row[index] = adapters[index](value)
        return tuple(row)

    def write(self, rows: Sequence[tuple[Any, ...]]) -> None:
        if not rows:
            return
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                columns = ", ".join(self.columns)
                with cursor.cursor.copy(f"COPY {self.table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(
                    f"INSERT INTO {self.table} ({', '.join(self.columns)}) VALUES ({marks})",  # noqa: S608
                    rows,
                )


def generate(count: int) -> dict[str, int]:
    """Write ``count`` organisations with a published profile (ids 1..count), deterministically."""
    from django.db import connection, transaction

    from impactplein.directory.models import Certification, ImpactProfile
    from impactplein.organisations.models import Organisation

    data = reference()
    municipalities = data["municipalities"]
    # A few large cities hold many enterprises, as in the country.
    municipality_weights = list(accumulate(1 / (rank + 3) for rank in range(len(municipalities))))
    # Texts are drawn from pools, so generating a million rows stays quick; the pools are large
    # enough that words and their combinations vary as in real profiles.
    rng_pool = random.Random(SEED - 1)
    pitches = [_text(rng_pool, 8, 25)[:280] for _ in range(POOL)]
    stories = [_text(rng_pool, 25, 70) for _ in range(POOL)]
    offers = [_text(rng_pool, 5, 15) for _ in range(POOL // 4)]
    themes, sdgs = data["themes"], data["sdgs"]
    kinds, kind_weights = zip(*KINDS, strict=True)
    organisations = _Writer(Organisation)
    profiles = _Writer(ImpactProfile)
    certifications = _Writer(Certification)
    theme_links = ImpactProfile.themes.through
    sdg_links = ImpactProfile.sdgs.through
    theme_writer, sdg_writer = _Writer(theme_links), _Writer(sdg_links)
    rng = random.Random(SEED)
    start = datetime(2020, 1, 1, tzinfo=UTC)
    today = date(2026, 11, 27)
    counts = dict.fromkeys(("themes", "sdgs", "certifications"), 0)
    chunk = 20_000
    link_id = certification_id = 0
    with transaction.atomic():
        for first in range(1, count + 1, chunk):
            rows: dict[str, list[tuple[Any, ...]]] = {
                "org": [], "profile": [], "theme": [], "sdg": [], "cert": []
            }  # fmt: skip
            for pk in range(first, min(first + chunk, count + 1)):
                municipality = rng.choices(municipalities, cum_weights=municipality_weights)[0]
                areas = data["areas"].get(municipality.pk, [])
                area = rng.choice(areas) if areas and rng.random() < 0.6 else None
                name = f"{rng.choice(PREFIXES)} {rng.choice(NAMES)}"
                if rng.random() < 0.5:
                    name += f" {municipality.name}"
                published = start + timedelta(minutes=pk * 2 + rng.randint(0, 1))
                rows["org"].append(
                    organisations.row(
                        {
                            "id": pk,
                            "name": name,
                            "kind": rng.choices(kinds, kind_weights)[0],
                            "legal_form": rng.choice(LEGAL_FORMS),
                            "city": municipality.name,
                            "municipality_id": municipality.pk,
                            "area_id": area.pk if area else None,
                            "latitude": municipality.latitude,
                            "longitude": municipality.longitude,
                        }
                    )
                )
                sells = rng.random() < 0.3
                rows["profile"].append(
                    profiles.row(
                        {
                            "id": pk,
                            "organisation_id": pk,
                            "pitch": pitches[rng.randrange(POOL)],
                            "story": stories[rng.randrange(POOL)],
                            "impact_models": rng.sample(IMPACT_MODELS, rng.randint(1, 2)),
                            "target_groups": rng.sample(TARGET_GROUPS, rng.randint(0, 2)),
                            "sells_to_buyers": sells,
                            "offer": offers[rng.randrange(POOL // 4)] if sells else "",
                            "status": "published",
                            "published_at": published,
                            "created_at": published,
                            "updated_at": published,
                        }
                    )
                )
                for theme in rng.sample(themes, rng.randint(1, 3)):
                    link_id += 1
                    rows["theme"].append(
                        theme_writer.row(
                            {"id": link_id, "impactprofile_id": pk, "theme_id": theme.pk}
                        )
                    )
                for sdg in rng.sample(sdgs, rng.randint(1, 3)):
                    link_id += 1
                    rows["sdg"].append(
                        sdg_writer.row({"id": link_id, "impactprofile_id": pk, "sdg_id": sdg.pk})
                    )
                if rng.random() < 0.2:
                    kind, level = rng.choice(CERTIFICATIONS)
                    valid_from = today - timedelta(days=rng.randint(30, 2000))
                    # About a third has expired, so the index keeps valid ones only.
                    until = valid_from + timedelta(days=rng.choice([365, 730, 1095, 3650]))
                    certification_id += 1
                    rows["cert"].append(
                        certifications.row(
                            {
                                "id": certification_id,
                                "organisation_id": pk,
                                "kind": kind,
                                "level": level,
                                "valid_from": valid_from,
                                "valid_until": until,
                                "created_at": published,
                            }
                        )
                    )
            organisations.write(rows["org"])
            profiles.write(rows["profile"])
            theme_writer.write(rows["theme"])
            sdg_writer.write(rows["sdg"])
            certifications.write(rows["cert"])
            counts["themes"] += len(rows["theme"])
            counts["sdgs"] += len(rows["sdg"])
            counts["certifications"] += len(rows["cert"])
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for model in (Organisation, ImpactProfile, Certification, theme_links, sdg_links):
                    table = model._meta.db_table
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                        f"coalesce((SELECT max(id) FROM {table}), 1))"
                    )
    return counts


def _generated(count: int) -> dict[str, int] | None:
    """The counts of the rows :func:`generate` wrote, when exactly its ``count`` organisations
    are in the database already (``--keep-database``), else None."""
    from impactplein.directory.models import Certification, ImpactProfile
    from impactplein.organisations.models import Organisation

    if Organisation.objects.count() != count or ImpactProfile.objects.count() != count:
        return None
    return {
        "themes": ImpactProfile.themes.through.objects.count(),
        "sdgs": ImpactProfile.sdgs.through.objects.count(),
        "certifications": Certification.objects.count(),
    }


def clear_index() -> None:
    from impactplein.core.search import clear_index

    clear_index()


def build_index() -> int:
    """Index every published profile with the directory's own documents, in one transaction."""
    from impactplein.core.search import rebuild_index
    from impactplein.directory.indexing import DOC_TYPE, profile_documents_in_bulk

    return rebuild_index(DOC_TYPE, profile_documents_in_bulk())


def analyse() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# --- queries --------------------------------------------------------------------------------


def queries(count: int, facet_values: dict[str, list[str]], places: list[str]) -> list[dict]:
    """``count`` varied showcase requests: ``{"q": ..., "filters": {...}, "order", "page"}``.

    Kinds, in turn: a common word, a rare word, a prefix, two words, an organisation's name, a
    place, facets alone, a common word with facets, a listing without anything, a deep page of a
    broad search. Orders rotate; filters use values that exist. No request is repeated.
    """
    rng = random.Random(SEED + count)
    common, rare = VOCABULARY[:30], VOCABULARY[len(VOCABULARY) // 2 :]
    found: list[dict] = []
    seen: set[str] = set()
    number = 0
    while len(found) < count:
        kind = number % 10
        number += 1
        order = ["relevance", "relevance", "name", "newest"][rng.randrange(4)]
        page = 1
        filters: dict[str, list[str]] = {}
        if kind == 0:
            text = rng.choice(common)
        elif kind == 1:
            text = rng.choice(rare)
        elif kind == 2:
            text = rng.choice(VOCABULARY)[: rng.randint(3, 5)]
        elif kind == 3:
            text = " ".join(rng.sample(VOCABULARY[:200], 2))
        elif kind == 4:
            text = rng.choice(NAMES) if rng.random() < 0.5 else rng.choice(PREFIXES)
        elif kind == 5:
            text = rng.choice(places)
        elif kind == 6:
            text = ""
            filters = _facets(rng, facet_values, rng.randint(1, 3))
        elif kind == 7:
            text = rng.choice(VOCABULARY[:100])
            filters = _facets(rng, facet_values, rng.randint(1, 2))
        elif kind == 8:
            text = ""
            order = rng.choice(["name", "newest"])
            page = rng.randint(1, 5)
        else:
            text = rng.choice(common + [w[:4] for w in common])
            page = rng.randint(5, 50)
        if kind in (0, 1, 2, 3) and rng.random() < 0.3:
            filters = _facets(rng, facet_values, 1)
        request = {"q": text, "filters": filters, "order": order, "page": page}
        key = json.dumps(request, sort_keys=True)
        if key not in seen:
            seen.add(key)
            request["kind"] = _KIND_NAMES[kind]
            found.append(request)
    return found


_KIND_NAMES = [
    "common word", "rare word", "prefix", "two words", "name", "place", "facets only",
    "word and facets", "listing", "deep page",
]  # fmt: skip


def _facets(rng: random.Random, values: dict[str, list[str]], how_many: int) -> dict:
    keys = rng.sample(sorted(values), how_many)
    filters = {}
    for key in keys:
        chosen = rng.sample(values[key], 2 if key == "theme" and rng.random() < 0.3 else 1)
        filters[key] = chosen
    return filters


def facet_values() -> tuple[dict[str, list[str]], list[str]]:
    """The facet values that exist in the bench data, and the place names."""
    from impactplein.core.models import SDG, Area, Municipality, Theme

    municipalities = list(Municipality.objects.order_by("cbs_code"))
    values = {
        "kind": [kind for kind, _ in KINDS],
        "municipality": [m.cbs_code for m in municipalities],
        "area": sorted(set(Area.objects.values_list("slug", flat=True))),
        "theme": list(Theme.objects.order_by("pk").values_list("slug", flat=True)),
        "sdg": [str(n) for n in SDG.objects.order_by("number").values_list("number", flat=True)],
        "certification": [kind for kind, _ in CERTIFICATIONS],
        "model": IMPACT_MODELS,
        "sells": ["yes"],
    }
    return values, [m.name for m in municipalities]


# --- measuring ------------------------------------------------------------------------------


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _summary(timings: Sequence[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(percentile(timings, 0.95), 1),
        "max_ms": round(max(timings), 1),
    }


def _by_kind(requests: Sequence[dict], timings: Sequence[float]) -> dict[str, dict]:
    groups: dict[str, list[float]] = {}
    for request, elapsed in zip(requests, timings, strict=True):
        groups.setdefault(request["kind"], []).append(elapsed)
    return {kind: _summary(values) for kind, values in groups.items()}


def measure_floor(requests: Sequence[dict]) -> dict[str, Any]:
    """The raw engine call per request, as the showcase page makes it."""
    from impactplein.core.search import search
    from impactplein.directory.indexing import DOC_TYPE

    timings = []
    estimated = 0
    for request in requests:
        started = time.perf_counter()
        result = search(
            request["q"],
            doc_types=[DOC_TYPE],
            filters=request["filters"],
            facet_keys=FACET_KEYS,
            order=ORDERS[request["order"]],
            page=request["page"],
            per_page=PER_PAGE,
        )
        timings.append((time.perf_counter() - started) * 1000)
        estimated += bool(getattr(result, "estimated", False))
        if os.environ.get("BENCH_VERBOSE"):
            print(f"{timings[-1]:8.1f} ms {result.total:8d} {request}", file=sys.stderr)
    return {
        **_summary(timings),
        "estimated": estimated,
        "by_kind": _by_kind(requests, timings),
        "peak_rss_mb": _peak_rss_mb(),
    }


def measure_requests(requests: Sequence[dict]) -> dict[str, Any]:
    """The whole showcase request per query, rendering included, in this process."""
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    try:
        url = reverse("directory:showcase")
    except NoReverseMatch:
        return {"missing": "the showcase page (directory:showcase) does not exist yet"}
    client = Client()
    timings = []
    for request in requests:
        params: dict[str, Any] = {"order": request["order"], "page": request["page"]}
        if request["q"]:
            params["q"] = request["q"]
        params.update(request["filters"])
        started = time.perf_counter()
        response = client.get(url, params)
        body = response.content
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200 or not body:
            return {"missing": f"{url} answered {response.status_code} for {params}"}
        if os.environ.get("BENCH_VERBOSE"):
            print(f"{timings[-1]:8.1f} ms {params}", file=sys.stderr)
    return {
        **_summary(timings),
        "by_kind": _by_kind(requests, timings),
        "peak_rss_mb": _peak_rss_mb(),
    }


def measure_icontains(requests: Sequence[dict], limit: int = 12) -> dict[str, Any]:
    """The naive search: ``icontains`` over name and pitch, counted and one page by name."""
    from django.db.models import Q

    from impactplein.directory.models import ImpactProfile

    texts = [request["q"] for request in requests if request["q"] and not request["filters"]]
    timings = []
    for text in texts[:limit]:
        started = time.perf_counter()
        found = ImpactProfile.objects.filter(status="published").filter(
            Q(organisation__name__icontains=text) | Q(pitch__icontains=text)
        )
        found.count()
        list(found.order_by("organisation__name").values_list("pk", flat=True)[:PER_PAGE])
        timings.append((time.perf_counter() - started) * 1000)
    return {**_summary(timings), "queries": len(timings)}


def _peak_rss_mb() -> float:
    """This process's peak resident memory. Linux's ``ru_maxrss`` keeps the peak of the process
    that started this one (across exec: the bench run that built the index), so the figure
    comes from ``VmHWM``, which belongs to this process's own memory, where there is one."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _in_process(step: str, requests_file: str) -> dict[str, Any]:
    """Run one measuring step in a fresh process, so its memory and caches are its own."""
    out = subprocess.run(  # noqa: S603 - our own module
        [sys.executable, "-m", "bench.showcase", "--step", step, "--requests", requests_file],
        check=False,
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"},
    )
    if out.returncode or (out.stderr and os.environ.get("BENCH_VERBOSE")):
        print(out.stderr, file=sys.stderr)
    if out.returncode:
        return {"missing": f"the {step} step failed (exit status {out.returncode})"}
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- the whole run --------------------------------------------------------------------------


def run(
    scale: float = 1.0,
    documents: int | None = None,
    queries_count: int = 0,
    measure_only: bool = False,
) -> dict:
    """Generate, index and measure; the figures and a verdict per target (``passed``).

    ``measure_only`` measures the data and index already in the bench database, and takes the
    generation and build figures from the stored results of the run that made them."""
    from django.conf import settings
    from django.db import connection

    count = documents or int(DEFAULT_DOCUMENTS * scale)
    figures: dict[str, Any] = {"documents": count, "database": connection.vendor}
    stored = RESULTS / f"showcase-{connection.vendor}-{count}.json"
    if measure_only:
        before = json.loads(stored.read_text())
        for key in ("generated", "generate_seconds", "indexed", "build_seconds"):
            figures[key] = before[key]
        if "clear_seconds" in before:
            figures["clear_seconds"] = before["clear_seconds"]
        figures["measured_again"] = True
    else:
        generated = _generated(count)
        if generated is None:
            started = time.perf_counter()
            figures["generated"] = generate(count)
            figures["generate_seconds"] = round(time.perf_counter() - started, 1)
            # As after any large import: the planner needs statistics of the new rows.
            analyse()
        else:  # --keep-database on data generated before: the index is built again
            figures["generated"], figures["generate_seconds"] = generated, 0.0
            figures["data_kept"] = True
            # The target is building the index; emptying the one built before is timed apart.
            started = time.perf_counter()
            clear_index()
            figures["clear_seconds"] = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        figures["indexed"] = build_index()
        figures["build_seconds"] = round(time.perf_counter() - started, 1)
        analyse()
        stored.parent.mkdir(exist_ok=True)
        stored.write_text(json.dumps(figures, indent=2, default=str))
    connection.close()

    values, places = facet_values()
    requests = queries(queries_count or DEFAULT_QUERIES, values, places)
    requests_file = os.path.join(settings.BASE_DIR, "var", f"bench-requests-{os.getpid()}.json")
    with open(requests_file, "w") as handle:
        json.dump(requests, handle)
    try:
        figures["request"] = _in_process("requests", requests_file)
        figures["floor"] = _in_process("floor", requests_file)
        figures["icontains"] = _in_process("icontains", requests_file)
    finally:
        os.unlink(requests_file)
    figures["queries"] = len(requests)
    figures["verdicts"] = verdicts(figures)
    figures["passed"] = all(verdict == "pass" for verdict, _ in figures["verdicts"].values())
    print(table(figures))
    return figures


def verdicts(figures: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Each target: ("pass" | "FAIL" | "not measured", the figure compared)."""
    request, floor = figures.get("request", {}), figures.get("floor", {})
    measured = "p95_ms" in request
    found: dict[str, tuple[str, str]] = {}

    def judge(name: str, value: float | None, target: float, unit: str) -> None:
        if value is None:
            found[name] = ("not measured", request.get("missing", ""))
        else:
            found[name] = ("pass" if value <= target else "FAIL", f"{value} {unit} <= {target}")

    judge("request p50", request.get("p50_ms"), TARGETS["request_p50_ms"], "ms")
    judge("request p95", request.get("p95_ms"), TARGETS["request_p95_ms"], "ms")
    ratio = round(request["p95_ms"] / floor["p95_ms"], 2) if measured and floor else None
    judge("request p95 / floor p95", ratio, TARGETS["request_to_floor_p95"], "x")
    found["index build"] = (
        "pass" if figures["build_seconds"] <= TARGETS["build_seconds"] else "FAIL",
        f"{figures['build_seconds']} s <= {TARGETS['build_seconds']} "
        f"(for {figures['documents']} documents)",
    )
    judge("web worker peak RSS", request.get("peak_rss_mb"), TARGETS["worker_rss_mb"], "MB")
    icontains = figures.get("icontains", {}).get("p50_ms")
    if icontains and measured:
        ahead = round(icontains / request["p50_ms"], 1)
        found["ahead of icontains (p50)"] = (
            "pass" if ahead >= 10 else "FAIL",
            f"{ahead}x >= 10x",
        )
    return found


def table(figures: dict[str, Any]) -> str:
    lines = [
        f"\nShowcase search, {figures['documents']:,} organisations, {figures['database']}",
        f"  data generated in {figures['generate_seconds']} s; index built in "
        f"{figures['build_seconds']} s; {figures['queries']} queries",
        *(
            [f"  the index built before was emptied first, in {figures['clear_seconds']} s"]
            if "clear_seconds" in figures
            else []
        ),
        f"  {'':28}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}{'RSS MB':>10}",
    ]
    for label, key in (
        ("whole request (page)", "request"),
        ("engine call (floor)", "floor"),
        ("icontains (naive)", "icontains"),
    ):
        row = figures.get(key, {})
        if "p50_ms" not in row:
            lines.append(f"  {label:28}{row.get('missing', 'not measured')}")
            continue
        lines.append(
            f"  {label:28}{row['p50_ms']:>10}{row['p95_ms']:>10}{row['max_ms']:>10}"
            f"{row.get('peak_rss_mb', ''):>10}"
        )
    floor = figures.get("floor", {})
    if floor.get("estimated") is not None:
        lines.append(f"  engine calls with estimated counts: {floor['estimated']}")
    kinds = floor.get("by_kind", {})
    request_kinds = figures.get("request", {}).get("by_kind", {})
    if kinds:
        lines.append(
            f"  {'by kind of query':28}{'floor p50':>10}{'p95':>10}{'page p50':>10}{'p95':>10}"
        )
        for kind, row in kinds.items():
            page = request_kinds.get(kind, {})
            lines.append(
                f"    {kind:26}{row['p50_ms']:>10}{row['p95_ms']:>10}"
                f"{page.get('p50_ms', '-'):>10}{page.get('p95_ms', '-'):>10}"
            )
    lines.append("  targets:")
    for name, (verdict, detail) in figures["verdicts"].items():
        lines.append(f"    {verdict:>12}  {name}: {detail}")
    return "\n".join(lines)


def _step(step: str, requests_file: str) -> None:
    import django

    django.setup()
    if step == "generate":  # the rows only, for a later run with --keep-database
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        count = int(requests_file)
        started = time.perf_counter()
        figures = {"generated": generate(count), "seconds": round(time.perf_counter() - started)}
        analyse()
        print(json.dumps(figures))
        return
    with open(requests_file) as handle:
        requests = json.load(handle)
    if step == "requests":
        figures = measure_requests(requests)
    elif step == "floor":
        figures = measure_floor(requests)
    else:
        figures = measure_icontains(requests)
    print(json.dumps(figures))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=DEFAULT_DOCUMENTS)
    parser.add_argument("--queries", type=int, default=DEFAULT_QUERIES)
    parser.add_argument("--step", choices=["generate", "requests", "floor", "icontains"])
    parser.add_argument("--requests", help="a file of requests (the count, for generate)")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    if args.step:
        _step(args.step, args.requests)
        return 0
    from bench.__main__ import main as bench_main

    sys.argv = [sys.argv[0], "showcase", "--documents", str(args.documents)]
    sys.argv += ["--queries", str(args.queries)]
    return bench_main()


if __name__ == "__main__":
    sys.exit(main())
