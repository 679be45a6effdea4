"""Writing valuation schemes: the shipped presets, drafts, publication and new versions.

A scheme's ``definition`` is the scheme file of ``docs/socialreturn.md``; ``valuation.load_scheme``
is the only judge of whether it is valid. A published scheme never changes (contracts pin it at
award): :func:`scheme_update` refuses it, and ``signals.refuse_changing_published_scheme`` guards
the model as well. A change to a published table is a new version (:func:`scheme_new_version`),
which starts as a draft.

The metadata an officer edits beside the definition (name, region, validity, source) is written
into the definition too, so the stored row and the file can never disagree.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from impactplein.socialreturn import valuation
from impactplein.socialreturn.constants import SchemeStatus
from impactplein.socialreturn.models import ValuationScheme

#: The fields of a published scheme that may never change again.
FROZEN_FIELDS = (
    "slug",
    "version",
    "name",
    "region",
    "valid_from",
    "valid_until",
    "source_url",
    "definition",
    "status",
    "is_preset",
)


class PublishedSchemeError(Exception):
    """A published scheme was to be changed; nothing was saved."""

    def __init__(self, scheme: ValuationScheme | None = None) -> None:
        super().__init__(
            gettext(
                "Een gepubliceerd waarderingsmodel verandert niet meer. Maak een nieuwe versie."
            )
        )
        self.scheme = scheme


class StaleSchemeError(Exception):
    """The edit was made on an older version of the scheme; nothing was saved."""

    def __init__(self, current: ValuationScheme) -> None:
        super().__init__(
            gettext(
                "Iemand anders heeft dit waarderingsmodel intussen gewijzigd. Uw wijziging is niet "
                "opgeslagen; bekijk de nieuwe versie en voer uw wijziging opnieuw in."
            )
        )
        self.current = current


@dataclass(frozen=True)
class SchemeProblem:
    """One problem of a definition: where (the path in the file) and what, in Dutch."""

    path: str
    message: str


class InvalidSchemeDefinition(Exception):
    """The definition (or the JSON text) is not a valid scheme; nothing was saved."""

    def __init__(self, problems: list[SchemeProblem]) -> None:
        super().__init__("; ".join(f"{p.path}: {p.message}" for p in problems))
        self.problems = problems


# --- the engine's problems in Dutch ---------------------------------------------------------------

PROBLEM_MESSAGES: Mapping[str, Promise] = {
    "required": _("'%(field)s' is verplicht."),
    "unknown_field": _("'%(value)s' is geen bekend veld."),
    "not_a_text": _("'%(field)s' moet een tekst zijn, niet %(value)s."),
    "not_a_number": _("'%(field)s' moet een getal zijn, niet %(value)s."),
    "not_an_integer": _("'%(field)s' moet een geheel getal zijn, niet %(value)s."),
    "not_a_boolean": _("'%(field)s' moet true of false zijn, niet %(value)s."),
    "not_a_date": _("'%(field)s' moet een datum zijn (JJJJ-MM-DD), niet %(value)s."),
    "not_an_object": _("'%(field)s' moet een object zijn ({...})."),
    "not_a_list": _("'%(field)s' moet een lijst zijn ([...])."),
    "not_a_slug": _(
        "'%(field)s' mag alleen kleine letters, cijfers en streepjes bevatten, niet %(value)s."
    ),
    "unknown_choice": _("'%(value)s' is geen toegestane waarde voor '%(field)s'."),
    "out_of_range": _("'%(field)s' valt buiten het toegestane bereik: %(value)s."),
    "negative": _("'%(field)s' mag niet negatief zijn: %(value)s."),
    "end_before_start": _("'%(field)s' ligt voor het begin van de periode."),
    "duplicate": _("De code '%(value)s' wordt twee keer gebruikt."),
    "unit_not_allowed": _("De eenheid '%(value)s' past niet bij deze soort bouwblok."),
    "unknown_target_group": _("'%(value)s' is geen van de doelgroepen van dit model."),
    "unknown_block": _("'%(value)s' is geen bouwblok van dit model."),
    "not_json": _("De tekst is geen geldige JSON (regel %(line)s, kolom %(column)s)."),
}
_FALLBACK = _("Deze waarde klopt niet (%(code)s).")


class _Params(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "?"


def problem_message(problem: valuation.Problem) -> SchemeProblem:
    """The engine's problem as a Dutch sentence (by its code), with its path."""
    template = PROBLEM_MESSAGES.get(problem.code, _FALLBACK)
    params = _Params({key: str(value) for key, value in problem.params.items()})
    params.setdefault("code", problem.code)
    if not params.get("field"):
        params["field"] = problem.path.rsplit(".", 1)[-1] or problem.path
    return SchemeProblem(
        path=problem.path or gettext("(het hele model)"), message=str(template) % params
    )


def check_definition(definition: Any) -> valuation.Scheme:
    """``definition`` as a Scheme; :class:`InvalidSchemeDefinition` with every problem in Dutch."""
    try:
        return valuation.load_scheme(definition)
    except valuation.InvalidScheme as error:
        raise InvalidSchemeDefinition([problem_message(p) for p in error.problems]) from error


def parse_definition_text(text: str) -> dict[str, Any]:
    """JSON text as a dict; a syntax error is an :class:`InvalidSchemeDefinition` with its place."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        message = str(PROBLEM_MESSAGES["not_json"]) % {"line": error.lineno, "column": error.colno}
        whole = gettext("(het hele model)")
        raise InvalidSchemeDefinition([SchemeProblem(whole, message)]) from error
    if not isinstance(data, dict):
        raise InvalidSchemeDefinition(
            [
                SchemeProblem(
                    gettext("(het hele model)"),
                    gettext("Het model moet een JSON-object zijn ({...})."),
                )
            ]
        )
    return data


# --- presets --------------------------------------------------------------------------------------


def _is_draft_preset(slug: str, definition: Mapping[str, Any]) -> bool:
    # The Drechtsteden table was not published (domain note §1.2): it ships as a draft that an
    # administrator fills in once Unit SROI provides it.
    return definition.get("status") == "draft" or slug.startswith("drechtsteden")


def _metadata(definition: Mapping[str, Any]) -> dict[str, Any]:
    def day(key: str) -> date | None:
        text = definition.get(key)
        try:
            return date.fromisoformat(text) if isinstance(text, str) and text else None
        except ValueError:
            return None

    return {
        "name": str(definition.get("name", ""))[:200],
        "region": str(definition.get("region", ""))[:200],
        "valid_from": day("valid_from"),
        "valid_until": day("valid_until"),
        "source_url": str(definition.get("source", ""))[:500]
        if str(definition.get("source", "")).startswith(("http://", "https://"))
        else "",
    }


def schemes_sync_presets(*, using: str = "default") -> list[ValuationScheme]:
    """Make sure every shipped preset is in the database; returns the ones created.

    Idempotent: a preset already present (same slug and version) is left as it is, so a draft an
    administrator has been filling in is never overwritten, and a published one never changes.
    """
    created = []
    for slug in valuation.preset_names():
        definition = valuation.preset_definition(slug)
        scheme_slug = str(definition.get("slug", slug))
        version = str(definition.get("version", "1"))
        objects = ValuationScheme.objects.using(using)
        if objects.filter(slug=scheme_slug, version=version).exists():
            continue
        draft = _is_draft_preset(scheme_slug, definition)
        now = timezone.now()
        created.append(
            objects.create(
                slug=scheme_slug,
                version=version,
                definition=definition,
                status=SchemeStatus.DRAFT if draft else SchemeStatus.PUBLISHED,
                is_preset=True,
                published_at=None if draft else now,
                created_at=now,
                updated_at=now,
                **_metadata(definition),
            )
        )
    return created


# --- drafts ----------------------------------------------------------------------------------


def _locked_current(scheme: ValuationScheme, expected_version: int) -> ValuationScheme:
    current = ValuationScheme.objects.select_for_update().get(pk=scheme.pk)
    if current.is_published:
        raise PublishedSchemeError(current)
    if current.version_lock != expected_version:
        raise StaleSchemeError(current)
    return current


@transaction.atomic
def scheme_update(
    *,
    actor: Model | None,
    scheme: ValuationScheme,
    expected_version: int,
    definition: dict[str, Any],
    name: str,
    region: str = "",
    valid_from: date | None = None,
    valid_until: date | None = None,
    source_url: str = "",
) -> ValuationScheme:
    """Change a draft scheme's definition and metadata, made on ``expected_version``.

    The metadata is written into the definition; the result must load as a scheme, else
    :class:`InvalidSchemeDefinition` lists every problem and nothing is saved. A published scheme
    raises :class:`PublishedSchemeError`, an edit on an older version :class:`StaleSchemeError`.
    """
    current = _locked_current(scheme, expected_version)
    definition = dict(definition)
    definition.update(
        {
            "slug": current.slug,
            "version": current.version,
            "name": name,
            "region": region,
            "status": "draft",
            "valid_from": valid_from.isoformat() if valid_from else None,
            "valid_until": valid_until.isoformat() if valid_until else None,
            "source": source_url,
        }
    )
    definition = {key: value for key, value in definition.items() if value is not None}
    check_definition(definition)
    current.definition = definition
    current.name = name
    current.region = region
    current.valid_from = valid_from
    current.valid_until = valid_until
    current.source_url = source_url
    current.version_lock += 1
    current.updated_at = timezone.now()
    current._history_user = actor  # type: ignore[attr-defined]
    current.save()
    return current


@transaction.atomic
def scheme_publish(
    *, actor: Model | None, scheme: ValuationScheme, expected_version: int
) -> ValuationScheme:
    """Publish a draft: from now on contracts may pin it, and it never changes again."""
    current = _locked_current(scheme, expected_version)
    definition = dict(current.definition)
    definition["status"] = "published"
    loaded = check_definition(definition)
    if not loaded.blocks:
        raise InvalidSchemeDefinition(
            [
                SchemeProblem(
                    "blocks", gettext("Een model zonder bouwblokken kan niet worden gepubliceerd.")
                )
            ]
        )
    current.definition = definition
    current.status = SchemeStatus.PUBLISHED
    current.published_at = timezone.now()
    current.updated_at = current.published_at
    current.version_lock += 1
    current._history_user = actor  # type: ignore[attr-defined]
    current.save()
    return current


class VersionTakenError(Exception):
    def __init__(self, version: str) -> None:
        message = gettext("Versie %(version)s van dit model bestaat al.")
        super().__init__(message % {"version": version})


@transaction.atomic
def scheme_new_version(
    *, actor: Model | None, scheme: ValuationScheme, version: str
) -> ValuationScheme:
    """A new draft version of a scheme, copied from ``scheme`` (published or not)."""
    version = version.strip()
    if not version:
        raise VersionTakenError(version)
    if ValuationScheme.objects.filter(slug=scheme.slug, version=version).exists():
        raise VersionTakenError(version)
    definition = dict(scheme.definition)
    definition.update({"version": version, "status": "draft"})
    now = timezone.now()
    copy = ValuationScheme(
        slug=scheme.slug,
        version=version,
        name=scheme.name,
        region=scheme.region,
        valid_from=scheme.valid_from,
        valid_until=scheme.valid_until,
        source_url=scheme.source_url,
        definition=definition,
        status=SchemeStatus.DRAFT,
        is_preset=False,
        created_at=now,
        updated_at=now,
    )
    copy._history_user = actor  # type: ignore[attr-defined]
    copy.save()
    return copy


def scheme_engine(scheme: ValuationScheme) -> valuation.Scheme:
    """The engine's view of a stored scheme (its definition, loaded)."""
    return valuation.load_scheme(scheme.definition)
