# ruff: noqa: E501 - one organisation per line reads best
"""The search tests' corpus: forty synthetic Drechtsteden organisations.

Other search test modules import ``organisation_documents`` from here; the one test checks the
corpus itself.
"""

from datetime import UTC, datetime, timedelta

from impactplein.core.search import Document

DORDRECHT = "GM0505"
ZWIJNDRECHT = "GM0642"
SLIEDRECHT = "GM0610"
PAPENDRECHT = "GM0590"

# (doc_id, title, body, kind, municipality, themes)
ORGANISATIONS = [
    ("1", "Duurzaamheidscentrum Dordrecht", "Advies over duurzaamheid voor huishoudens en ondernemers.", "social", DORDRECHT, ["milieu"]),
    ("2", "Stichting Duurzame Drechtsteden", "Wij verbinden bewoners die duurzaam willen leven.", "social", ZWIJNDRECHT, ["milieu", "wonen"]),
    ("3", "Bakkerij De Korenaar", "Ambachtelijke bakker met leerwerkplekken. Duurzame ingrediënten uit de regio.", "company", DORDRECHT, ["werk"]),
    ("4", "Vrijwilligerscentrale Drechtsteden", "Bemiddeling van vrijwilligers naar maatschappelijke organisaties.", "social", DORDRECHT, ["participatie"]),
    ("5", "Buurthuis De Vrijwilliger", "Een vrijwilliger opent elke dag het buurthuis in Crabbehof.", "social", DORDRECHT, ["participatie", "wonen"]),
    ("6", "Begeleid Werken Zwijndrecht", "Begeleiding naar betaald werk voor mensen met een afstand tot de arbeidsmarkt.", "social_enterprise", ZWIJNDRECHT, ["werk", "zorg"]),
    ("7", "Gemeentelijk Beleidsbureau", "Beleid, regels en subsidies van de gemeente.", "government", DORDRECHT, ["bestuur"]),
    ("8", "Adviesbureau Beleid & Strategie", "Wij schrijven beleid voor maatschappelijke organisaties.", "company", SLIEDRECHT, ["bestuur"]),
    ("9", "Fietsenmakerij Op Weg", "Reparatie van fietsen door jongeren in een leerwerktraject.", "social_enterprise", DORDRECHT, ["werk", "mobiliteit"]),
    ("10", "Kringloopwinkel Tweede Leven", "Tweedehands spullen, duurzaam hergebruik en werk voor mensen met een uitkering.", "social_enterprise", PAPENDRECHT, ["milieu", "werk"]),
    ("11", "Zorgboerderij De Hoeve", "Dagbesteding en zorg op de boerderij voor ouderen en mensen met een beperking.", "social", SLIEDRECHT, ["zorg"]),
    ("12", "Thuiszorg Rivierenland", "Wijkverpleging en zorg thuis in de Drechtsteden.", "company", PAPENDRECHT, ["zorg"]),
    ("13", "Voedselbank Dordrecht", "Voedselpakketten voor huishoudens in armoede, gedragen door vrijwilligers.", "social", DORDRECHT, ["armoede"]),
    ("14", "Schuldhulp Maatje", "Vrijwillige maatjes helpen bij schulden en armoede.", "social", ZWIJNDRECHT, ["armoede"]),
    ("15", "Energiecoöperatie Zon op Dordt", "Zonnepanelen op daken van scholen; winst naar de buurt.", "social_enterprise", DORDRECHT, ["milieu", "energie"]),
    ("16", "Installatiebedrijf Van Dijk", "Warmtepompen en zonnepanelen voor woningen.", "company", SLIEDRECHT, ["energie"]),
    ("17", "Taalhuis Dordrecht", "Taallessen en leesclubs, gegeven door vrijwilligers in de bibliotheek.", "social", DORDRECHT, ["onderwijs", "participatie"]),
    ("18", "Da Vinci College", "Middelbaar beroepsonderwijs met leerwerkplekken bij bedrijven.", "education", DORDRECHT, ["onderwijs", "werk"]),
    ("19", "Repair Café Papendrecht", "Samen repareren in plaats van weggooien.", "social", PAPENDRECHT, ["milieu"]),
    ("20", "Drukkerij Sociale Zaak", "Drukwerk gemaakt door mensen met een arbeidsbeperking.", "social_enterprise", ZWIJNDRECHT, ["werk"]),
    ("21", "Catering Met Smaak", "Catering met leerwerkplekken voor statushouders.", "social_enterprise", DORDRECHT, ["werk", "inclusie"]),
    ("22", "Sportvereniging Dordt Beweegt", "Sporten voor iedereen, ook met een kleine beurs.", "social", DORDRECHT, ["gezondheid", "armoede"]),
    ("23", "Wooncorporatie Drechtsteden Wonen", "Betaalbare huurwoningen en duurzame renovatie.", "company", ZWIJNDRECHT, ["wonen", "milieu"]),
    ("24", "Groenvoorziening Het Groene Hart", "Onderhoud van openbaar groen met werkleerplekken.", "social_enterprise", SLIEDRECHT, ["werk", "milieu"]),
    ("25", "Mantelzorgsteunpunt Drechtsteden", "Ondersteuning en begeleiding van mantelzorgers.", "social", DORDRECHT, ["zorg"]),
    ("26", "Jongerenwerk Zwijndrecht", "Activiteiten en begeleiding voor jongeren in de wijk.", "social", ZWIJNDRECHT, ["jeugd"]),
    ("27", "Koffiebranderij Het Anker", "Eerlijke koffie, gebrand door mensen met een afstand tot werk.", "social_enterprise", DORDRECHT, ["werk"]),
    ("28", "Hogeschool Rotterdam Dordrecht", "Hbo-onderwijs en praktijkonderzoek naar duurzaamheid.", "education", DORDRECHT, ["onderwijs", "milieu"]),
    ("29", "Gemeente Zwijndrecht", "Beleid voor wonen, werk en zorg in Zwijndrecht.", "government", ZWIJNDRECHT, ["bestuur"]),
    ("30", "Stichting Vrijwilligerswerk Sliedrecht", "Vacaturebank en training voor vrijwilligers en organisaties.", "social", SLIEDRECHT, ["participatie"]),
    ("31", "Transportbedrijf Groen Vervoer", "Elektrisch vervoer en duurzame logistiek.", "company", PAPENDRECHT, ["mobiliteit", "milieu"]),
    ("32", "Schoonmaakbedrijf Helder", "Schoonmaak met een inclusief team.", "company", DORDRECHT, ["werk", "inclusie"]),
    ("33", "Wijkteam Krispijn", "Hulp bij zorg, schulden en opvoeding in Krispijn.", "government", DORDRECHT, ["zorg", "armoede"]),
    ("34", "Kinderopvang Het Speelhuis", "Opvang en voorschoolse educatie.", "company", PAPENDRECHT, ["jeugd", "onderwijs"]),
    ("35", "Stadsboerderij Weizigt", "Educatie over natuur en dieren voor kinderen.", "social", DORDRECHT, ["onderwijs", "milieu"]),
    ("36", "Techniekfabriek Drechtsteden", "Techniekonderwijs en omscholing naar de maakindustrie.", "education", ZWIJNDRECHT, ["onderwijs", "werk"]),
    ("37", "Buurtbus Sliedrecht", "Vrijwillige chauffeurs rijden de buurtbus.", "social", SLIEDRECHT, ["mobiliteit", "participatie"]),
    ("38", "Architectenbureau Nieuw Dordt", "Ontwerp van energieneutrale woningen.", "company", DORDRECHT, ["wonen", "energie"]),
    ("39", "Inloophuis Het Baken", "Een warme plek en begeleiding voor dak- en thuislozen.", "social", DORDRECHT, ["armoede", "zorg"]),
    ("40", "Coöperatie Werkt!", "Werk en begeleiding voor mensen met een uitkering.", "social_enterprise", PAPENDRECHT, ["werk"]),
]  # fmt: skip

BASE_TIME = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)


def organisation_documents():
    """The corpus as documents; document n was published n days after the base time."""
    return [
        Document(
            doc_type="organisation",
            doc_id=doc_id,
            title=title,
            body=body,
            facets={"kind": [kind], "municipality": [municipality], "theme": themes},
            published_at=BASE_TIME + timedelta(days=int(doc_id)),
        )
        for doc_id, title, body, kind, municipality, themes in ORGANISATIONS
    ]


def ids(result):
    return [hit.doc_id for hit in result.hits]


def test_corpus_has_unique_valid_documents():
    documents = organisation_documents()
    assert len({document.doc_id for document in documents}) == len(documents) == 40
