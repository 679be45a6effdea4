from .reference import SDG, Area, Municipality, SBISection, Theme
from .search import SearchDocument, SearchFacetValue

__all__ = [
    "SDG",
    "Area",
    "Municipality",
    "SBISection",
    "SearchDocument",
    "SearchFacetValue",
    "Theme",
]
