"""Template tags of the page shell: NL Design System form controls, breadcrumbs and alerts.

Load with ``{% load impactplein %}``. The components in ``core/templates/components/`` use these
tags; pages normally include the components rather than calling the tags themselves, except for
``{% breadcrumbs %}``.
"""

from collections.abc import Iterable

from django import template
from django.core.paginator import Page
from django.forms import BoundField
from django.forms.boundfield import BoundWidget
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from impactplein.core.navigation import Crumb

register = template.Library()

# Django's widget_type (the widget class name, lower-cased, without "widget") -> how the field
# component lays the field out.
_LAYOUTS = {
    "checkbox": "checkbox",
    "radioselect": "choices",
    "checkboxselectmultiple": "choices",
    "hidden": "hidden",
    "multiplehidden": "hidden",
}

# Utrecht component classes per kind of control.
_CONTROL_CLASSES = {
    "textarea": ("utrecht-textarea utrecht-textarea--html-textarea", "utrecht-textarea--invalid"),
    "select": ("utrecht-select utrecht-select--html-select", "utrecht-select--invalid"),
    "selectmultiple": ("utrecht-select utrecht-select--html-select", "utrecht-select--invalid"),
    "nullbooleanselect": ("utrecht-select utrecht-select--html-select", "utrecht-select--invalid"),
    "checkbox": (
        "utrecht-checkbox utrecht-checkbox--html-input utrecht-checkbox--custom",
        "utrecht-checkbox--invalid",
    ),
    "radio": (
        "utrecht-radio-button utrecht-radio-button--html-input",
        "utrecht-radio-button--invalid",
    ),
    "file": ("impactplein-file-input", "impactplein-file-input--invalid"),
    "clearablefile": ("impactplein-file-input", "impactplein-file-input--invalid"),
}
_TEXTBOX_CLASSES = ("utrecht-textbox utrecht-textbox--html-input", "utrecht-textbox--invalid")


@register.filter
def field_layout(bound_field: BoundField) -> str:
    """``control`` (label above an input), ``checkbox``, ``choices`` (a fieldset) or ``hidden``."""
    return _LAYOUTS.get(bound_field.widget_type, "control")


@register.filter
def field_target_id(bound_field: BoundField) -> str:
    """The id an error-summary link points at: the control itself, or the first option."""
    if bound_field.id_for_label:
        return bound_field.id_for_label
    if bound_field.auto_id:
        return f"{bound_field.auto_id}_0"
    return ""


def description_id(bound_field: BoundField) -> str:
    return f"{bound_field.auto_id}_helptext"


def error_id(bound_field: BoundField) -> str:
    return f"{bound_field.auto_id}_error"


@register.filter
def field_description_id(bound_field: BoundField) -> str:
    return description_id(bound_field)


@register.filter
def field_error_id(bound_field: BoundField) -> str:
    return error_id(bound_field)


def _describedby(bound_field: BoundField, has_description: bool) -> str:
    ids = []
    own = bound_field.field.widget.attrs.get("aria-describedby")
    if own:
        ids.append(own)
    if bound_field.auto_id and has_description:
        ids.append(description_id(bound_field))
    if bound_field.auto_id and bound_field.errors:
        ids.append(error_id(bound_field))
    return " ".join(ids)


@register.simple_tag
def field_describedby(bound_field: BoundField, description: str = "") -> str:
    """The ``aria-describedby`` value for a field: its description and its error message."""
    return _describedby(bound_field, bool(description))


def _classes(kind: str, invalid: bool, extra: str = "") -> str:
    base, invalid_class = _CONTROL_CLASSES.get(kind, _TEXTBOX_CLASSES)
    classes = [base]
    if invalid:
        classes.append(invalid_class)
    if extra:
        classes.append(extra)
    return " ".join(classes)


@register.simple_tag
def form_control(bound_field: BoundField, description: str = "") -> SafeString:
    """Render the input of a field with Utrecht classes and its ARIA relations.

    Text-like inputs, textareas, selects, checkboxes and file inputs. ``aria-invalid`` is added
    by Django when the field has errors; ``required`` when the field is required.
    """
    kind = bound_field.widget_type
    attrs: dict[str, str | bool] = {
        "class": _classes(
            kind, bool(bound_field.errors), bound_field.field.widget.attrs.get("class", "")
        )
    }
    describedby = _describedby(bound_field, bool(description))
    if describedby:
        attrs["aria-describedby"] = describedby
    if kind == "number":
        attrs["class"] = f"{attrs['class']} utrecht-textbox--numeric"
    return bound_field.as_widget(attrs=attrs)


@register.simple_tag
def choice_control(option: BoundWidget, bound_field: BoundField) -> SafeString:
    """Render one radio button or checkbox of a choice list, without its label."""
    kind = "radio" if option.data.get("type") == "radio" else "checkbox"
    attrs = dict(option.data["attrs"])
    attrs["class"] = _classes(kind, bool(bound_field.errors))
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
    option.data = {**option.data, "attrs": attrs}
    return option.tag(wrap_label=False)


@register.filter
def alert_type(message: object) -> str:
    """The Utrecht alert modifier for a message: ``info``, ``ok``, ``warning`` or ``error``."""
    level_tag = getattr(message, "level_tag", "")
    return {"success": "ok", "warning": "warning", "error": "error"}.get(level_tag, "info")


@register.filter
def alert_role(message: object) -> str:
    """Warnings and errors interrupt (``alert``); the rest is announced politely (``status``)."""
    level_tag = getattr(message, "level_tag", "")
    return "alert" if level_tag in {"warning", "error"} else "status"


def _resolve_url(value: object) -> str:
    text = str(value or "")
    if not text or text.startswith(("/", "http://", "https://", "?", "#")):
        return text
    try:
        return reverse(text)
    except NoReverseMatch:
        return text


def build_trail(parts: Iterable[object]) -> list[Crumb]:
    """The home page, then (label, url) pairs, then the label of the current page."""
    items = list(parts)
    trail = [Crumb(_("Startpagina"), reverse("core:home"))]
    current = items.pop() if len(items) % 2 == 1 else None
    for index in range(0, len(items), 2):
        trail.append(Crumb(items[index], _resolve_url(items[index + 1])))
    if current is not None:
        trail.append(Crumb(current, ""))
    return trail


@register.inclusion_tag("components/breadcrumbs.html")
def breadcrumbs(*parts: object) -> dict[str, object]:
    """``{% breadcrumbs label url label url current_label %}``; the home page comes first.

    Each url is a path (``{% url 'app:name' pk as detail_url %}`` first) or a URL name that
    takes no arguments.
    """
    return {"crumbs": build_trail(parts)}


@register.simple_tag
def page_range(page_obj: Page) -> list[int | str]:
    """Page numbers around the current page, with the paginator's ellipsis for the gaps."""
    return list(
        page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
    )
