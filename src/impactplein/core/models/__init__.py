from .reference import SDG, Area, Municipality, SBISection, Theme

__all__ = ["SDG", "Area", "Municipality", "SBISection", "Theme"]
