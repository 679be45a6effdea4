from .reference import SDG, Area, Municipality, SBISection, Theme
from .search import SearchDocument, SearchDocumentFacet, SearchFacetValue

__all__ = [
    "SDG",
    "Area",
    "Municipality",
    "SBISection",
    "SearchDocument",
    "SearchDocumentFacet",
    "SearchFacetValue",
    "Theme",
]
