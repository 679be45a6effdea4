"""The search engine's floor: build the index for N synthetic organisations and time raw searches.

``python -m bench.search_floor [--documents 1000000] [--queries 200] [--keep]`` on the bench
database (``bench.settings``: SQLite under ``var/``, or PostgreSQL via ``BENCH_DATABASE_URL``;
run ``manage.py migrate core`` there first). It measures the index build and, for varied queries
with and without facet filters, one call of ``core.search.search`` with the facet counts of a
showcase page: the floor under the full search page of issue #3. ``run(scale)`` offers the same
to ``python -m bench``. The data is synthetic and deterministic.
"""

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Iterator

DOC_TYPE = "bench_organisation"
FACET_KEYS = ["kind", "municipality", "area", "theme", "sdg", "certification", "model", "sells"]
KINDS = ["company", "social_enterprise", "social", "education", "government", "partner"]
THEMES = [
    "armoede", "zorg", "werk", "wonen", "milieu", "energie", "onderwijs", "jeugd", "mobiliteit",
    "inclusie", "participatie", "gezondheid", "cultuur", "veiligheid", "voedsel",
]  # fmt: skip
CERTIFICATIONS = ["code_so", "sociaal_nl", "b_corp", "pso", "co2_ladder", "iso26000"]
MODELS = ["employment", "product", "environment", "community"]
PREFIXES = [
    "Stichting", "Coöperatie", "Bakkerij", "Bouwbedrijf", "Adviesbureau", "Zorgboerderij",
    "Kringloop", "Werkplaats", "Drukkerij", "Catering", "Schoonmaakbedrijf", "Installatiebedrijf",
    "Fietsenmakerij", "Koffiebranderij", "Buurthuis", "Energiecoöperatie", "Groenvoorziening",
    "Transportbedrijf", "Taalhuis", "Repair Café",
]  # fmt: skip
NAMES = [
    "De Korenaar", "Het Anker", "Op Weg", "Tweede Leven", "De Hoeve", "Nieuw Begin",
    "Samen Sterk", "De Brug", "Het Baken", "Groen Licht", "De Schakel", "Zonnig", "De Vonk",
    "Helder", "Rivierenland", "De Linde", "Noorderlicht", "Het Kompas", "De Wissel", "Morgenrood",
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
# About 550 words: real ones first, then compounds such as "zorgtraject" and "buurtlab".
WORDS, PARTS, ENDINGS = _WORDS_TEXT.split(), _PARTS_TEXT.split(), _ENDINGS_TEXT.split()
VOCABULARY = WORDS + [part + ending for part in PARTS for ending in ENDINGS]


def documents(count: int, seed: int = 20_261_127) -> Iterator:
    """``count`` deterministic organisations with a Dutch title, a body and eight facet keys."""
    from impactplein.core.search import Document

    rng = random.Random(seed)
    # Zipf-like word use with the stop words left out: the commonest words are in about a third
    # of the texts, the hundredth in about one in ten.
    weights = [1 / (rank + 40) for rank in range(len(VOCABULARY))]
    municipalities = [f"GM{code:04d}" for code in range(1, 343)]
    for number in range(count):
        municipality = rng.choice(municipalities)
        title = f"{rng.choice(PREFIXES)} {rng.choice(NAMES)} {number}"
        body = " ".join(rng.choices(VOCABULARY, weights, k=rng.randint(30, 90)))
        yield Document(
            doc_type=DOC_TYPE,
            doc_id=str(number),
            title=title,
            body=body,
            facets={
                "kind": [rng.choice(KINDS)],
                "municipality": [municipality],
                "area": [f"{municipality}-{rng.randint(1, 12)}"],
                "theme": rng.sample(THEMES, rng.randint(1, 3)),
                "sdg": [str(n) for n in rng.sample(range(1, 18), rng.randint(1, 3))],
                "certification": rng.sample(CERTIFICATIONS, rng.randint(0, 2)),
                "model": rng.sample(MODELS, rng.randint(1, 2)),
                "sells": [rng.choice(["ja", "nee"])],
            },
        )


def queries(count: int, seed: int = 7) -> list[tuple[str, dict]]:
    """Varied (query, filters): common and rare words, two words, prefixes, names, no words."""
    rng = random.Random(seed)
    found = []
    for number in range(count):
        kind = number % 8
        if kind == 0:
            text = rng.choice(VOCABULARY)
        elif kind == 1:
            text = " ".join(rng.sample(VOCABULARY, 2))
        elif kind == 2:
            text = rng.choice(VOCABULARY)[:4]
        elif kind == 3:
            text = rng.choice(NAMES)
        elif kind == 4:
            text = f"{rng.choice(PREFIXES)} {rng.choice(VOCABULARY[-40:])}"
        elif kind == 5:
            text = ""
        else:
            text = rng.choice(VOCABULARY[len(VOCABULARY) // 2 :])
        filters: dict = {}
        if number % 3 == 1:
            filters["municipality"] = [f"GM{rng.randint(1, 342):04d}"]
        if number % 4 == 2:
            filters["theme"] = rng.sample(THEMES, 2)
        if number % 5 == 3:
            filters["kind"] = [rng.choice(KINDS)]
        found.append((text, filters))
    return found


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(document_count: int, query_count: int, keep: bool) -> dict:
    from impactplein.core.search import clear_index, index_documents, search

    figures: dict = {"documents": document_count}
    if keep:
        figures["documents"] = search("", doc_types=[DOC_TYPE]).total
    else:
        started = time.perf_counter()
        clear_index(DOC_TYPE)
        figures["clear_seconds"] = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        index_documents(documents(document_count), batch_size=2000)
        figures["build_seconds"] = round(time.perf_counter() - started, 1)
        _analyse()
    timings: dict[str, list[float]] = {"words": [], "words_filters": [], "filters": [], "all": []}
    for text, filters in queries(query_count):
        started = time.perf_counter()
        result = search(text, doc_types=[DOC_TYPE], filters=filters, facet_keys=FACET_KEYS)
        elapsed = (time.perf_counter() - started) * 1000
        group = ("words_filters" if filters else "words") if text else "filters"
        timings[group].append(elapsed)
        timings["all"].append(elapsed)
        if os.environ.get("BENCH_VERBOSE"):
            print(f"{elapsed:8.1f} ms {result.total:8d}  {text!r} {filters}")
    for group, values in timings.items():
        if values:
            figures[f"{group}_p50_ms"] = round(statistics.median(values), 1)
            figures[f"{group}_p95_ms"] = round(percentile(values, 0.95), 1)
            figures[f"{group}_max_ms"] = round(max(values), 1)
    return figures


def _analyse() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def run(scale: float = 1.0) -> dict:
    """For ``python -m bench``: a million documents at scale 1."""
    return measure(int(1_000_000 * scale), 200, keep=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="search the index already built")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.db import connection

    figures = measure(args.documents, args.queries, args.keep)
    figures["database"] = connection.vendor
    for key, value in figures.items():
        print(f"  {key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
