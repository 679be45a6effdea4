"""Everything that writes organisations and memberships: one function per use case.

Each service runs in one transaction, validates the whole record before writing, records the
actor in the change history and leaves nothing half-saved. Permission checks belong to the caller
(views check ``organisations.change_organisation`` and friends); services keep the invariants:
unique identifiers, no lost updates, at least one owner.
"""

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from impactplein.core.history import record_written
from impactplein.core.tasks import enqueue_for_records
from impactplein.organisations import geocoding, identifiers, tasks
from impactplein.organisations.constants import LocationSource, MembershipRole
from impactplein.organisations.models import (
    ESTABLISHMENT_TAKEN,
    KVK_TAKEN,
    Membership,
    Organisation,
)

# The fields a person may set on an organisation, in the order forms show them.
EDITABLE_FIELDS: tuple[str, ...] = (
    "name",
    "kind",
    "legal_form",
    "kvk_number",
    "establishment_number",
    "street",
    "house_number",
    "house_number_addition",
    "postcode",
    "city",
    "municipality",
    "area",
    "sbi_code",
    "sbi_version",
    "website",
    "email",
    "phone",
)
# The rows one INSERT (or one IN list) of a bulk write holds.
BULK_BATCH = 500
# A change to one of these moves the organisation on the map (see ``_locate``).
ADDRESS_FIELDS: frozenset[str] = frozenset({"postcode", "house_number", "municipality"})

logger = logging.getLogger(__name__)


class StaleOrganisationError(Exception):
    """The edit was made on an older version; nothing was saved.

    ``current`` is the organisation as it is now, so the caller can show the newer data beside
    what the user typed.
    """

    def __init__(self, current: Organisation) -> None:
        super().__init__(
            f"Organisation {current.pk} is at version {current.version}; the edit was refused."
        )
        self.current = current


def _check_names(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not an editable organisation field: {', '.join(sorted(unknown))}")


def _normalised(fields: dict[str, Any]) -> dict[str, Any]:
    """Bring identifiers into their stored form; invalid values pass on for full_clean to report."""
    values = dict(fields)

    def apply(name: str, normalise: Any, *args: str) -> None:
        value = values.get(name)
        if isinstance(value, str) and value.strip():
            try:
                values[name] = normalise(value, *args)
            except identifiers.IdentifierError:
                values[name] = value.strip()

    for name in ("kvk_number", "establishment_number"):
        if name in values and not (values[name] or "").strip():
            values[name] = None
    for name in ("name", "street", "house_number_addition", "city", "email", "website"):
        if isinstance(values.get(name), str):
            values[name] = values[name].strip()
    apply("kvk_number", identifiers.normalise_kvk_number)
    apply("establishment_number", identifiers.normalise_establishment_number)
    apply("postcode", identifiers.normalise_postcode)
    apply("phone", identifiers.normalise_phone)
    if values.get("sbi_version"):
        apply("sbi_code", identifiers.normalise_sbi_code, values["sbi_version"])
    return values


def organisation_fields_normalised(fields: dict[str, Any]) -> dict[str, Any]:
    """``fields`` in the form the services would store them, for a preview that must not write
    (the staff import compares them with the stored record)."""
    _check_names(fields)
    return _normalised(fields)


def _unique_violation(organisation: Organisation) -> ValidationError:
    """Name the identifier that a concurrent write took between our check and our write."""
    others = Organisation.objects.exclude(pk=organisation.pk)
    if organisation.kvk_number and others.filter(kvk_number=organisation.kvk_number).exists():
        return ValidationError({"kvk_number": ValidationError(KVK_TAKEN, code="unique")})
    return ValidationError(
        {"establishment_number": ValidationError(ESTABLISHMENT_TAKEN, code="unique")}
    )


def _index(organisation: Organisation) -> None:
    """Have the worker update the search index once the transaction has committed."""
    enqueue_for_records(tasks.index_organisations, [organisation.pk])


@transaction.atomic
def organisation_create(
    *, actor: Model | None, make_actor_owner: bool = True, **fields: Any
) -> Organisation:
    """Register an organisation; the actor (the person registering) becomes its owner.

    ``actor=None`` is for system work such as imports and demo data: no member, no history user.
    Raises ``ValidationError`` (per field) when the data is invalid or an identifier is taken.
    """
    _check_names(fields)
    organisation = Organisation(**_normalised(fields))
    organisation.full_clean()
    _locate(organisation)
    organisation._history_user = actor  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError as error:
        raise _unique_violation(organisation) from error
    if actor is not None and make_actor_owner:
        membership_add(
            actor=actor, organisation=organisation, user=actor, role=MembershipRole.OWNER
        )
    _index(organisation)
    _schedule_geocoding(organisation)
    return organisation


class RecordsInvalid(Exception):
    """Records of a bulk write break a rule; nothing was written. ``errors`` holds, by the
    record's position in the given sequence, the messages per field (as ``message_dict``)."""

    def __init__(self, errors: dict[int, dict[str, list[str]]]) -> None:
        super().__init__(errors)
        self.errors = errors


def organisation_errors(organisation: Organisation) -> dict[str, list[str]]:
    """What ``full_clean`` finds wrong with ``organisation`` (per field), without asking the
    database: its municipality and area must be records already read, and whether its KvK and
    establishment numbers are taken is for the caller to ask for many at once
    (:func:`identifier_owners`), since the model's own check asks twice per record."""
    organisation._identifier_taken_errors = dict  # type: ignore[method-assign]
    try:
        organisation.full_clean(
            exclude=["municipality", "area"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        return error.message_dict
    finally:
        del organisation._identifier_taken_errors
    return {}


def identifier_owners(name: str, values: set[str]) -> dict[str, int]:
    """The organisation holding each of ``values`` (stored form) in identifier field ``name``."""
    owners: dict[str, int] = {}
    ordered = sorted(values)
    for start in range(0, len(ordered), BULK_BATCH):
        owners.update(
            Organisation.objects.filter(
                **{f"{name}__in": ordered[start : start + BULK_BATCH]}  # type: ignore[misc]
            ).values_list(name, "pk")
        )
    return owners


IDENTIFIERS_TAKEN = (("kvk_number", KVK_TAKEN), ("establishment_number", ESTABLISHMENT_TAKEN))


def _bulk_errors(organisations: list[Organisation]) -> dict[int, dict[str, list[str]]]:
    errors: dict[int, dict[str, list[str]]] = {}
    for index, organisation in enumerate(organisations):
        found = organisation_errors(organisation)
        if found:
            errors[index] = found
    for name, message in IDENTIFIERS_TAKEN:
        values = [getattr(organisation, name) for organisation in organisations]
        owners = identifier_owners(name, {value for value in values if value})
        claimed: set[str] = set()
        for index, (organisation, value) in enumerate(zip(organisations, values, strict=True)):
            if not value:
                continue
            # Taken by another organisation, or claimed by an earlier record of this write.
            if owners.get(value, organisation.pk) != organisation.pk or value in claimed:
                errors.setdefault(index, {}).setdefault(name, []).append(str(message))
            claimed.add(value)
    return errors


@transaction.atomic
def organisations_create(
    *, actor: Model | None, records: Sequence[dict[str, Any]]
) -> list[Organisation]:
    """Register many organisations at once (the staff import) under the rules of
    :func:`organisation_create`, in a few queries per thousand records instead of a dozen per
    record: validated in Python, written with ``bulk_create``, one history record each, their
    indexing and geocoding queued in chunks. Nobody becomes a member. ``municipality`` and
    ``area`` must be records already read. Raises :class:`RecordsInvalid` and writes nothing
    when a record breaks a rule or takes an identifier that is taken (also by an earlier record).
    """
    organisations = []
    for fields in records:
        _check_names(fields)
        organisations.append(Organisation(**_normalised(fields)))
    errors = _bulk_errors(organisations)
    if errors:
        raise RecordsInvalid(errors)
    for organisation in organisations:
        _locate(organisation)
    try:
        with transaction.atomic():
            Organisation.objects.bulk_create(organisations, batch_size=BULK_BATCH)
    except IntegrityError as error:  # an identifier taken by a write since the check above
        errors = _bulk_errors(organisations)
        if not errors:
            raise
        raise RecordsInvalid(errors) from error
    if any(organisation.pk is None for organisation in organisations):
        raise RuntimeError("The database did not return the new organisations' ids.")
    record_written(organisations, actor=actor, when=timezone.now(), update=False)
    enqueue_for_records(tasks.index_organisations, [o.pk for o in organisations])
    _schedule_geocoding(*organisations)
    return organisations


def _current(pk: int) -> Organisation:
    return Organisation.objects.select_related("municipality", "area").get(pk=pk)


@transaction.atomic
def organisation_update(
    *, actor: Model | None, organisation: Organisation, expected_version: int, **fields: Any
) -> Organisation:
    """Change an organisation, but only if nobody saved it since ``expected_version``.

    The write is one ``UPDATE ... WHERE id = %s AND version = expected_version`` that also raises
    the version, so of two concurrent saves of the same version exactly one wins; the other gets
    :class:`StaleOrganisationError` carrying the current record, and nothing of it is written.
    Returns the saved organisation (also refreshed in place on ``organisation``).
    """
    _check_names(fields)
    current = _current(organisation.pk)
    if current.version != expected_version:
        raise StaleOrganisationError(current)

    values = _normalised(fields)
    changed = {name: value for name, value in values.items() if getattr(current, name) != value}
    if not changed:
        _refresh(organisation, current)
        return current
    for name, value in changed.items():
        setattr(current, name, value)
    current.full_clean()
    address_changed = not ADDRESS_FIELDS.isdisjoint(changed)
    if address_changed:
        changed.update(_locate(current))

    now = timezone.now()
    try:
        with transaction.atomic():
            written = Organisation.objects.filter(pk=current.pk, version=expected_version).update(
                **changed, version=expected_version + 1, updated_at=now
            )
    except IntegrityError as error:
        raise _unique_violation(current) from error
    if written != 1:
        raise StaleOrganisationError(_current(current.pk))

    current.version = expected_version + 1
    current.updated_at = now
    # ``update()`` bypasses the history signals, so the historical row is written here.
    record_written([current], actor=actor, when=now, update=True)
    _refresh(organisation, current)
    _index(current)
    if address_changed:
        _schedule_geocoding(current)
    return current


@dataclass(frozen=True)
class OrganisationChange:
    """One change for :func:`organisations_update`: the organisation as the caller read it (and
    locked), the version the change was made on, and the fields to set."""

    organisation: Organisation
    expected_version: int
    fields: dict[str, Any]


@transaction.atomic
def organisations_update(*, actor: Model | None, changes: Sequence[OrganisationChange]) -> int:
    """Change many organisations at once (the staff import) under the rules of
    :func:`organisation_update`, without its queries per record: validated in Python, each
    written by the same guarded ``UPDATE ... WHERE version = expected_version``, one history
    record each, indexing and geocoding queued in chunks. The organisations are changed in place.
    Returns how many changed. Raises :class:`RecordsInvalid` (by position in ``changes``) or
    :class:`StaleOrganisationError`, and writes nothing, when one breaks a rule or was saved
    since its version."""
    written: list[tuple[int, Organisation, dict[str, Any]]] = []
    for index, change in enumerate(changes):
        _check_names(change.fields)
        organisation = change.organisation
        if organisation.version != change.expected_version:
            raise StaleOrganisationError(_current(organisation.pk))
        values = _normalised(change.fields)
        changed = {
            name: value for name, value in values.items() if getattr(organisation, name) != value
        }
        if changed:
            for name, value in changed.items():
                setattr(organisation, name, value)
            written.append((index, organisation, changed))
    errors = _bulk_errors([organisation for _index_, organisation, _changed in written])
    if errors:
        raise RecordsInvalid({written[position][0]: found for position, found in errors.items()})
    now = timezone.now()
    moved = []
    for index, organisation, changed in written:
        if not ADDRESS_FIELDS.isdisjoint(changed):
            changed.update(_locate(organisation))
            moved.append(organisation)
        try:
            count = Organisation.objects.filter(
                pk=organisation.pk, version=organisation.version
            ).update(**changed, version=organisation.version + 1, updated_at=now)
        except IntegrityError as error:  # an identifier taken by a write since the check above
            name, message = IDENTIFIERS_TAKEN[0 if "kvk_number" in changed else 1]
            raise RecordsInvalid({index: {name: [str(message)]}}) from error
        if count != 1:
            raise StaleOrganisationError(_current(organisation.pk))
        organisation.version += 1
        organisation.updated_at = now
    organisations = [organisation for _index_, organisation, _changed in written]
    record_written(organisations, actor=actor, when=now, update=True)
    enqueue_for_records(tasks.index_organisations, [o.pk for o in organisations])
    _schedule_geocoding(*moved)
    return len(organisations)


def _locate(organisation: Organisation) -> dict[str, Any]:
    """Put the organisation at its municipality's centre now; the address's own point follows
    from the Locatieserver after the commit (``_schedule_geocoding``), if it can be reached."""
    municipality = organisation.municipality
    location = geocoding.point(municipality.latitude, municipality.longitude)
    values = {
        "latitude": location.latitude,
        "longitude": location.longitude,
        "location_source": LocationSource.MUNICIPALITY,
    }
    for name, value in values.items():
        setattr(organisation, name, value)
    return values


def _schedule_geocoding(*organisations: Organisation) -> None:
    if not settings.GEOCODING_ENABLED:
        return
    pks = [o.pk for o in organisations if o.postcode and o.house_number]
    enqueue_for_records(tasks.geocode_organisations, pks)


def organisation_geocode(*, pk: int, fetcher: Callable[[str, float], bytes] | None = None) -> bool:
    """Look up the point of the organisation's address and store it; ``True`` when it did.

    Not transactional on purpose: it waits for the Locatieserver (at most ``GEOCODING_TIMEOUT``
    seconds) outside any transaction, then writes in one guarded UPDATE that only applies while
    the address is still the one looked up, so a slow answer never overwrites a newer address.
    The record's ``version`` is not raised: the point follows from the address, so a person's
    edit made meanwhile must not be refused because of it. Failures keep the municipality's
    centre and are logged; ``manage.py geocode_organisations`` tries again later.
    """
    try:
        return _geocode(pk, fetcher or geocoding.fetch)
    except geocoding.Unreachable as error:
        logger.warning("Geocoding organisation %s failed: %s", pk, error)
        return False


def organisations_geocode(
    *, pks: Sequence[int], fetcher: Callable[[str, float], bytes] | None = None
) -> int:
    """:func:`organisation_geocode` for organisations ``pks`` one after the other (a chunk of an
    import); returns how many points were stored. Stops at the first lookup the Locatieserver
    does not answer: rather than have the worker wait ``GEOCODING_TIMEOUT`` seconds for each of
    the others, they keep their municipality's centre until ``manage.py geocode_organisations``
    asks again."""
    found = 0
    for position, pk in enumerate(pks):
        try:
            found += _geocode(pk, fetcher or geocoding.fetch)
        except geocoding.Unreachable as error:
            logger.warning(
                "Geocoding stopped at organisation %s (%s): %d organisations keep their "
                "municipality's centre until manage.py geocode_organisations asks again.",
                pk,
                error,
                len(pks) - position,
            )
            break
    return found


def _geocode(pk: int, fetcher: Callable[[str, float], bytes]) -> bool:
    """Raises ``geocoding.Unreachable`` when the Locatieserver does not answer."""
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None or not (organisation.postcode and organisation.house_number):
        return False
    try:
        found = geocoding.lookup(
            organisation.postcode,
            organisation.house_number,
            base_url=settings.GEOCODING_URL,
            timeout=settings.GEOCODING_TIMEOUT,
            fetcher=fetcher,
        )
    except geocoding.Unreachable:
        raise
    except (geocoding.GeocodingError, ValueError) as error:  # about this address only
        logger.warning("Geocoding organisation %s failed: %s", pk, error)
        return False
    if found is None:
        logger.info("The Locatieserver does not know the address of organisation %s.", pk)
        return False
    written = Organisation.objects.filter(
        pk=pk, postcode=organisation.postcode, house_number=organisation.house_number
    ).update(
        latitude=found.latitude,
        longitude=found.longitude,
        location_source=LocationSource.PDOK,
    )
    if written:
        _index(organisation)
    return bool(written)


def _refresh(target: Organisation, source: Organisation) -> None:
    if target is source:
        return
    for field in Organisation._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    target._state.fields_cache = dict(source._state.fields_cache)


@transaction.atomic
def membership_add(
    *, actor: Model | None, organisation: Organisation, user: Model, role: str
) -> Membership:
    """Let ``user`` act for ``organisation`` in ``role``; refuses a second membership."""
    membership = Membership(organisation=organisation, user=user, role=role)
    membership.full_clean()
    membership._history_user = actor  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError as error:
        raise ValidationError(
            _("Deze gebruiker is al lid van deze organisatie."), code="unique"
        ) from error
    return membership


@transaction.atomic
def membership_change_role(*, actor: Model | None, membership: Membership, role: str) -> Membership:
    """Make a member owner or editor; the last owner cannot step down."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == MembershipRole.OWNER and role != MembershipRole.OWNER:
        _keep_an_owner(membership)
    membership.role = role
    membership.full_clean()
    membership._history_user = actor  # type: ignore[attr-defined]
    membership.save()
    return membership


@transaction.atomic
def membership_remove(*, actor: Model | None, membership: Membership) -> None:
    """End a membership; an organisation always keeps at least one owner."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == MembershipRole.OWNER:
        _keep_an_owner(membership)
    membership._history_user = actor  # type: ignore[attr-defined]
    membership.delete()


def _keep_an_owner(membership: Membership) -> None:
    # Lock the organisation's owners so two owners cannot remove each other at the same time.
    owners = list(
        Membership.objects.select_for_update()
        .filter(organisation_id=membership.organisation_id, role=MembershipRole.OWNER)
        .values_list("pk", flat=True)
    )
    if owners == [membership.pk]:
        raise ValidationError(
            _("Een organisatie houdt minstens één eigenaar. Maak eerst iemand anders eigenaar."),
            code="last_owner",
        )
