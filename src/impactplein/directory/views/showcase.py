"""The public showcase: search with facets, the map, the feed of newcomers and the export.

Every page reads the same query string (``q``, one parameter per facet key, ``order``, ``page``),
so each state is a link that can be shared. Bad parameters never cause an error: unknown values
are left out and a note says so; a page number out of range is brought back within range.
"""

import csv
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape  # Django's escape, without its lazy-string wrapper
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET

from impactplein.core.search import SearchResult
from impactplein.directory import indexing, selectors, tabular
from impactplein.directory.models import ImpactProfile, profile_slug

FACET_KEYS: tuple[str, ...] = indexing.FACET_KEYS
#: The facet groups in the order the filter column shows them, with their headings.
FACET_LEGENDS = {
    "theme": gettext_lazy("Thema"),
    "model": gettext_lazy("Impactmodel"),
    "sells": gettext_lazy("Sociaal inkopen"),
    "kind": gettext_lazy("Soort organisatie"),
    "municipality": gettext_lazy("Gemeente"),
    "area": gettext_lazy("Gebied"),
    "sdg": gettext_lazy("Duurzame ontwikkelingsdoel (SDG)"),
    "certification": gettext_lazy("Certificering"),
}
ORDER_LABELS = {
    "relevance": gettext_lazy("Best passend"),
    "name": gettext_lazy("Naam (A-Z)"),
    "newest": gettext_lazy("Nieuwste eerst"),
}
MAX_QUERY_LENGTH = 200
#: Values per facet key a URL may filter on; more are left out (no real search needs them).
MAX_FILTER_VALUES = 20
#: Facet values shown at once; the rest is behind "meer" (a <details>, no script needed).
FACET_VISIBLE = 8
#: Facet values listed at most per key (chosen values always show); words find the others.
FACET_LISTED = 20
EXPORT_MAX_ROWS = 10_000
FEED_SIZE = 50


@dataclass
class Parsed:
    query: selectors.ShowcaseQuery
    page: int
    notes: list[str] = field(default_factory=list)


def _parse(params: QueryDict, labels: Mapping[str, Mapping[str, str]]) -> Parsed:
    notes: list[str] = []
    text = " ".join(params.get("q", "").split())
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH]
        notes.append(
            _("Uw zoekopdracht was langer dan %(max)s tekens; alleen het begin is gebruikt.")
            % {"max": MAX_QUERY_LENGTH}
        )
    filters: dict[str, list[str]] = {}
    for key in FACET_KEYS:
        known = labels[key]
        chosen: list[str] = []
        for value in params.getlist(key):
            value = value.strip()
            if not value or value in chosen:
                continue
            if value not in known:
                notes.append(
                    _("Het filter ‘%(facet)s’ kent de waarde ‘%(value)s’ niet; die is weggelaten.")
                    % {"facet": FACET_LEGENDS[key], "value": value[:50]}
                )
            elif len(chosen) >= MAX_FILTER_VALUES:
                notes.append(
                    _("Per filter gelden hoogstens %(max)s keuzes; de rest is weggelaten.")
                    % {"max": MAX_FILTER_VALUES}
                )
                break
            else:
                chosen.append(value)
        if chosen:
            filters[key] = chosen
    order = params.get("order", "relevance") or "relevance"
    if order not in selectors.SHOWCASE_ORDERS:
        notes.append(
            _("De sortering ‘%(value)s’ bestaat niet; de resultaten staan op best passend.")
            % {"value": order[:50]}
        )
        order = "relevance"
    page = 1
    raw_page = params.get("page", "").strip()
    if raw_page:
        try:
            page = int(raw_page)
        except ValueError:
            notes.append(
                _("‘%(value)s’ is geen paginanummer; u ziet de eerste pagina.")
                % {"value": raw_page[:20]}
            )
        else:
            if page < 1:
                notes.append(_("Pagina's beginnen bij 1; u ziet de eerste pagina."))
                page = 1
    return Parsed(selectors.ShowcaseQuery(text=text, filters=filters, order=order), page, notes)


def profile_url(pk: int, name: str) -> str:
    return reverse("directory:profile", kwargs={"pk": pk, "slug": profile_slug(name)})


_PK_MARK, _SLUG_MARK = 987654321, "slug-mark"


def _profile_urls(cards: Iterable[selectors.ShowcaseCard]) -> list[str]:
    """``profile_url`` of each card with one ``reverse`` for the page rather than one a card:
    pk and slug only hold characters an address keeps as they are."""
    pattern = reverse("directory:profile", kwargs={"pk": _PK_MARK, "slug": _SLUG_MARK})
    return [
        pattern.replace(str(_PK_MARK), str(card.pk)).replace(_SLUG_MARK, profile_slug(card.name))
        for card in cards
    ]


def _url(path: str, params: QueryDict) -> str:
    encoded = params.urlencode()
    return f"{path}?{encoded}" if encoded else path


def _state(query: selectors.ShowcaseQuery) -> QueryDict:
    """The query string of ``query`` (without a page): what the links of a page carry."""
    params = QueryDict(mutable=True)
    if query.text:
        params["q"] = query.text
    for key in FACET_KEYS:
        if query.filters.get(key):
            params.setlist(key, list(query.filters[key]))
    if query.order != "relevance":
        params["order"] = query.order
    return params


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: str  # formatted for the page's language
    checked: bool
    input_id: str


#: One checkbox of the filter column. The page shows up to 160 of them; written out here rather
#: than by a template loop, which cost the page about 8 ms a request (issue #3's measure).
_OPTION_HTML = (
    '\n    <div class="utrecht-form-field utrecht-form-field--checkbox impactplein-facet__option">'
    '\n      <div class="utrecht-form-field__input"><input class="utrecht-checkbox '
    'utrecht-checkbox--html-input utrecht-checkbox--custom" type="checkbox" id="{input_id}" '
    'name="{key}" value="{value}"{checked}></div>'
    '\n      <div class="utrecht-form-field__label"><label class="utrecht-form-label '
    'utrecht-form-label--checkbox" for="{input_id}">{label} <span '
    'class="impactplein-facet__count">({about}{count}<span class="impactplein-visually-hidden"> '
    "{results}</span>)</span></label></div>"
    "\n    </div>"
)


@dataclass(frozen=True)
class FacetGroup:
    """One fieldset of checkboxes; the options past ``visible`` go behind "meer"."""

    key: str
    legend: str
    options: list[FacetOption]
    visible: int
    estimated: bool = False

    @property
    def more(self) -> int:
        return len(self.options) - self.visible

    def _html(self, options: Sequence[FacetOption]) -> SafeString:
        key = escape(self.key)
        about = "±" if self.estimated else ""
        results = escape(_("resultaten"))
        return mark_safe(  # noqa: S308 - every value below is escaped
            "".join(
                _OPTION_HTML.format(
                    input_id=escape(option.input_id),
                    key=key,
                    value=escape(option.value),
                    checked=" checked" if option.checked else "",
                    label=escape(option.label),
                    about=about,
                    count=escape(option.count),
                    results=results,
                )
                for option in options
            )
        )

    @property
    def shown_html(self) -> SafeString:
        """The checkboxes in sight."""
        return self._html(self.options[: self.visible])

    @property
    def folded_html(self) -> SafeString:
        """The checkboxes behind "meer"."""
        return self._html(self.options[self.visible :])


def _capfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


def _facet_groups(
    result: SearchResult,
    query: selectors.ShowcaseQuery,
    labels: Mapping[str, Mapping[str, str]],
) -> list[FacetGroup]:
    # Hundreds of counts per page: the separator is looked up once, not per number.
    separator = str(get_format("THOUSAND_SEPARATOR"))

    def grouped(number: int) -> str:
        return f"{number:,}".replace(",", separator)

    groups = []
    for key in FACET_LEGENDS:
        chosen = list(query.filters.get(key, ()))
        counts = result.facet_counts.get(key, {})
        values = [value for value in counts if value in labels[key]][:FACET_LISTED]
        values += [value for value in chosen if value not in values]
        if not values:
            continue
        if key == "sdg":
            values.sort(key=int)
        # Chosen values stay in sight, so a visitor sees what filters the list.
        ranked = values[:FACET_VISIBLE] + [v for v in values[FACET_VISIBLE:] if v in chosen]
        ranked += [v for v in values[FACET_VISIBLE:] if v not in chosen]
        visible = FACET_VISIBLE + sum(1 for v in values[FACET_VISIBLE:] if v in chosen)
        options = [
            FacetOption(
                value=value,
                label=_capfirst(labels[key][value]),
                count=grouped(counts.get(value, 0)),
                checked=value in chosen,
                input_id=f"facet-{key}-{index}",
            )
            for index, value in enumerate(ranked)
        ]
        groups.append(
            FacetGroup(
                key, str(FACET_LEGENDS[key]), options, min(visible, len(options)), result.estimated
            )
        )
    return groups


@dataclass(frozen=True)
class Chip:
    label: str
    remove_url: str


def _chips(
    path: str, query: selectors.ShowcaseQuery, labels: Mapping[str, Mapping[str, str]]
) -> list[Chip]:
    chips = []
    for key in FACET_KEYS:
        for value in query.filters.get(key, ()):
            params = _state(query)
            params.setlist(key, [other for other in params.getlist(key) if other != value])
            label = f"{FACET_LEGENDS[key]}: {labels[key][value]}"
            chips.append(Chip(label, _url(path, params)))
    return chips


def _requested_labels(params: QueryDict) -> dict[str, dict[str, str]]:
    return selectors.showcase_facet_labels(
        {key: params.getlist(key)[: MAX_FILTER_VALUES * 2] for key in FACET_KEYS}
    )


def _search(request: HttpRequest) -> dict[str, Any]:
    """Everything the list and the map page share: the parsed query, one page of results, the
    facets, the chips and the notes about parameters that were left out."""
    labels = _requested_labels(request.GET)
    parsed = _parse(request.GET, labels)
    query = parsed.query
    result = selectors.showcase_search(query, page=parsed.page)
    if result.total and parsed.page > result.num_pages:
        parsed.notes.append(
            _("Pagina %(page)s bestaat niet; u ziet de laatste pagina (%(last)s).")
            % {"page": parsed.page, "last": result.num_pages}
        )
        result = selectors.showcase_search(query, page=result.num_pages)
    cards = selectors.showcase_cards(hit.doc_id for hit in result.hits)
    shown = {key: list(counts)[:FACET_LISTED] for key, counts in result.facet_counts.items()}
    labels = _merge(labels, selectors.showcase_facet_labels(shown))
    state = _state(query)
    cleared = QueryDict(mutable=True)
    if query.text:
        cleared["q"] = query.text
    return {
        "query": query,
        "result": result,
        "estimated": result.estimated,
        "cards": list(zip(cards, _profile_urls(cards), strict=True)),
        "facet_groups": _facet_groups(result, query, labels),
        "chips": _chips(request.path, query, labels),
        "clear_url": _url(request.path, cleared),
        "notes": parsed.notes,
        "orders": list(ORDER_LABELS.items()),
        "has_filters": bool(query.filters),
        "list_url": _url(reverse("directory:showcase"), state),
        "map_url": _url(reverse("directory:map"), state),
        "map_data_url": _url(reverse("directory:map_data"), state),
        "csv_url": _url(reverse("directory:export_csv"), state),
        "xlsx_url": _url(reverse("directory:export_xlsx"), state),
        "page_obj": _Page(result),
        "export_max": EXPORT_MAX_ROWS,
    }


def _merge(*parts: Mapping[str, Mapping[str, str]]) -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {key: {} for key in FACET_KEYS}
    for part in parts:
        for key, values in part.items():
            merged.setdefault(key, {}).update(values)
    return merged


class _Paginator:
    ELLIPSIS = "…"

    def __init__(self, result: SearchResult) -> None:
        self.num_pages = result.num_pages
        self.count = result.total

    def get_elided_page_range(
        self, number: int, *, on_each_side: int = 3, on_ends: int = 2
    ) -> Iterator[int | str]:
        """The page numbers around ``number`` with an ellipsis for the gaps (as Django's)."""
        last = self.num_pages
        shown = set(range(1, min(on_ends, last) + 1))
        shown |= set(range(max(1, last - on_ends + 1), last + 1))
        shown |= set(range(max(1, number - on_each_side), min(last, number + on_each_side) + 1))
        previous = 0
        for page in sorted(shown):
            if page - previous > 1:
                yield self.ELLIPSIS
            yield page
            previous = page


class _Page:
    """The search result as the pagination component expects a Django ``Page``."""

    def __init__(self, result: SearchResult) -> None:
        self.number = result.page
        self.paginator = _Paginator(result)
        self._result = result

    def has_other_pages(self) -> bool:
        return self._result.num_pages > 1

    def has_previous(self) -> bool:
        return self._result.has_previous

    def has_next(self) -> bool:
        return self._result.has_next

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


@require_GET
def showcase(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/showcase/search.html", _search(request))


@require_GET
def map_view(request: HttpRequest) -> HttpResponse:
    context = _search(request)
    context["map_config"] = {
        "dataUrl": context["map_data_url"],
        "tileUrl": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
    }
    return render(request, "directory/showcase/map.html", context)


@require_GET
def map_data(request: HttpRequest) -> JsonResponse:
    """The result's located organisations as GeoJSON, at most ``MAP_MAX_MARKERS`` of them."""
    query = _parse(request.GET, _requested_labels(request.GET)).query
    limit = settings.MAP_MAX_MARKERS
    locations = selectors.showcase_locations(query, limit=limit)
    features = [
        {
            "type": "Feature",
            "id": marker.pk,
            # GeoJSON is longitude first (RFC 7946).
            "geometry": {
                "type": "Point",
                "coordinates": [float(marker.longitude), float(marker.latitude)],
            },
            "properties": {
                "name": marker.name,
                "pitch": marker.pitch,
                "municipality": marker.municipality,
                "url": profile_url(marker.pk, marker.name),
            },
        }
        for marker in locations.markers
    ]
    message = ""
    if locations.total > limit:
        message = _(
            "De kaart toont de eerste %(shown)s van %(total)s resultaten. Verfijn uw zoekopdracht "
            "om ze allemaal te zien; de lijst toont ze wel allemaal."
        ) % {"shown": limit, "total": locations.total}
    if locations.without_location:
        missing = ngettext(
            "%(count)s organisatie heeft nog geen locatie en staat niet op de kaart.",
            "%(count)s organisaties hebben nog geen locatie en staan niet op de kaart.",
            locations.without_location,
        ) % {"count": locations.without_location}
        message = f"{message} {missing}".strip()
    return JsonResponse(
        {
            "type": "FeatureCollection",
            "features": features,
            "total": locations.total,
            "shown": len(features),
            "message": message,
        },
        content_type="application/geo+json",
        json_dumps_params={"ensure_ascii": False},
    )


class NewProfilesFeed(Feed):
    """Atom feed of the enterprises most recently published in the showcase."""

    feed_type = Atom1Feed
    title = gettext_lazy("Nieuw in de etalage van Impactplein")
    subtitle = gettext_lazy("Ondernemers met impact die zich net hebben aangesloten.")
    # Atom asks for an author of the feed when its entries name none.
    author_name = "Impactplein"

    def link(self) -> str:
        return reverse("directory:showcase")

    def items(self) -> list[ImpactProfile]:
        return list(selectors.newest_profiles(FEED_SIZE))

    def item_title(self, item: ImpactProfile) -> str:
        return item.organisation.name

    def item_description(self, item: ImpactProfile) -> str:
        return item.pitch

    def item_link(self, item: ImpactProfile) -> str:
        return profile_url(item.pk, item.organisation.name)

    def item_pubdate(self, item: ImpactProfile) -> Any:
        return item.published_at

    def item_updateddate(self, item: ImpactProfile) -> Any:
        return item.updated_at

    def item_categories(self, item: ImpactProfile) -> list[str]:
        return [theme.name for theme in item.themes.all()]


feed = NewProfilesFeed()


#: Columns a visitor's export leaves out: the showcase relays messages instead of showing
#: addresses, so only staff who may import get them. An import of a file without these columns
#: leaves the fields alone, so a visitor's export also goes round without changing anything.
PRIVATE_HEADERS = ("e_mail", "telefoon")


def _export_headers(request: HttpRequest) -> tuple[str, ...]:
    if request.user.has_perm("directory.import_impactprofile"):
        return tabular.HEADERS
    return tuple(header for header in tabular.HEADERS if header not in PRIVATE_HEADERS)


def _export_rows(request: HttpRequest) -> Iterator[dict[str, str]]:
    query = _parse(request.GET, _requested_labels(request.GET)).query
    ids, _total = selectors.showcase_hit_ids(query, limit=EXPORT_MAX_ROWS)
    for profile in selectors.showcase_export_profiles(ids):
        published_on = (
            timezone.localtime(profile.published_at).date() if profile.published_at else None
        )
        yield tabular.profile_row(profile, published_on=published_on)


def _export_name(extension: str) -> str:
    return f"impactplein-ondernemers-{timezone.localdate():%Y-%m-%d}.{extension}"


class _Line:
    """A file for ``csv.writer`` that hands back what was written, so rows can be streamed."""

    def write(self, text: str) -> str:
        return text


def _csv_lines(rows: Iterable[Mapping[str, str]], headers: Sequence[str]) -> Iterator[str]:
    writer = csv.writer(_Line(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff"  # so that Excel reads the file as UTF-8
    yield writer.writerow(headers)
    for row in rows:
        yield writer.writerow([tabular.escape_cell(row.get(h, "")) for h in headers])


@require_GET
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The current result (at most ``EXPORT_MAX_ROWS``) as CSV in the import's columns."""
    response = StreamingHttpResponse(
        _csv_lines(_export_rows(request), _export_headers(request)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_name("csv")}"'
    return response


@require_GET
def export_xlsx(request: HttpRequest) -> HttpResponse:
    """The current result (at most ``EXPORT_MAX_ROWS``) as an Excel workbook."""
    response = HttpResponse(
        tabular.write_xlsx(_export_rows(request), _export_headers(request)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_name("xlsx")}"'
    return response


__all__: Sequence[str] = (
    "export_csv",
    "export_xlsx",
    "feed",
    "map_data",
    "map_view",
    "showcase",
)
