"""The shared components: a form shows an error summary that links to each field, every field
has its label, description and error tied to the control, and breadcrumbs, pagination, tables
and empty states render NL Design System markup."""

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.template import engines
from django.template.loader import render_to_string
from django.utils import translation

import pytest
from bs4 import BeautifulSoup


class OrganisationForm(forms.Form):
    name = forms.CharField(label="Naam", help_text="Zoals in het Handelsregister.")
    email = forms.EmailField(label="E-mailadres")
    website = forms.URLField(label="Website", required=False, assume_scheme="https")
    employees = forms.IntegerField(label="Medewerkers", required=False)
    story = forms.CharField(label="Verhaal", widget=forms.Textarea, required=False)
    municipality = forms.ChoiceField(
        label="Gemeente", choices=[("", "Kies"), ("gm0505", "Dordrecht")]
    )
    kind = forms.ChoiceField(
        label="Soort",
        choices=[("company", "Bedrijf"), ("school", "School")],
        widget=forms.RadioSelect,
    )
    themes = forms.MultipleChoiceField(
        label="Thema's",
        choices=[("work", "Werk"), ("climate", "Klimaat")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    logo = forms.FileField(label="Logo", required=False)
    agree = forms.BooleanField(label="Akkoord")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("name") == "Fout":
            raise forms.ValidationError("Deze combinatie kan niet.")
        return cleaned


def render_form(rf, form, **extra) -> BeautifulSoup:
    request = rf.get("/organisaties/nieuw/")
    request.user = AnonymousUser()
    html = render_to_string("components/form.html", {"form": form, **extra}, request)
    return BeautifulSoup(html, "html.parser")


@pytest.fixture(autouse=True)
def _dutch():
    """Components render in the active language; earlier tests may have left English on."""
    with translation.override("nl"):
        yield


VALID = {
    "name": "Bakkerij De Korenbloem",
    "email": "info@korenbloem.example",
    "municipality": "gm0505",
    "kind": "company",
    "agree": "on",
    "version": "1",
}


@pytest.fixture
def invalid_form():
    form = OrganisationForm(data={"name": "Fout", "email": "geen-adres", "version": "x"})
    form.is_valid()
    return form


def test_error_summary_lists_every_error_with_a_link_to_its_field(rf, invalid_form):
    page = render_form(rf, invalid_form)

    summary = page.find(attrs={"data-error-summary": True})
    assert summary["tabindex"] == "-1"
    assert summary.has_attr("autofocus")
    assert summary.find("h2").get_text(strip=True) == "Controleer de volgende punten"
    links = {link["href"]: link.get_text(strip=True) for link in summary.find_all("a")}
    assert links["#id_email"] == "E-mailadres: Voer een geldig e-mailadres in."
    assert links["#id_municipality"] == "Gemeente: Dit veld is verplicht."
    assert links["#id_kind_0"] == "Soort: Dit veld is verplicht."  # the first radio button
    assert links["#id_agree"] == "Akkoord: Dit veld is verplicht."
    texts = [item.get_text(strip=True) for item in summary.find_all("li")]
    assert "Deze combinatie kan niet." in texts  # a non-field error
    assert "Voer een geheel getal in." in texts  # the hidden field's error, without a link


def test_error_summary_is_absent_for_a_fresh_form(rf):
    page = render_form(rf, OrganisationForm())

    assert page.find(attrs={"data-error-summary": True}) is None
    assert page.find(attrs={"aria-invalid": True}) is None


def test_a_valid_form_has_no_error_summary(rf):
    form = OrganisationForm(data=VALID)
    assert form.is_valid()

    assert render_form(rf, form).find(attrs={"data-error-summary": True}) is None


def test_form_posts_with_csrf_and_no_browser_validation(rf):
    page = render_form(rf, OrganisationForm(), submit_label="Opslaan", form_action="/opslaan/")

    form = page.find("form")
    assert form["method"] == "post"
    assert form["action"] == "/opslaan/"
    assert form.has_attr("novalidate")
    assert form["enctype"] == "multipart/form-data"  # the form has a file field
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"}) is not None
    assert form.find("button", type="submit").get_text(strip=True) == "Opslaan"


def test_a_search_form_uses_get_without_csrf(rf):
    class SearchForm(forms.Form):
        q = forms.CharField(label="Zoeken", required=False)

    page = render_form(rf, SearchForm(), form_method="get", submit_label="Zoeken")

    assert page.find("form")["method"] == "get"
    assert page.find("input", attrs={"name": "csrfmiddlewaretoken"}) is None


def test_field_label_description_and_error_are_tied_to_the_control(rf, invalid_form):
    page = render_form(rf, invalid_form)

    name = page.find("input", attrs={"name": "name"})
    assert page.find("label", attrs={"for": "id_name"}).get_text(" ", strip=True) == (
        "Naam (verplicht)"
    )
    assert name["aria-describedby"] == "id_name_helptext"
    assert page.find(id="id_name_helptext").get_text(strip=True) == "Zoals in het Handelsregister."
    email = page.find("input", attrs={"name": "email"})
    assert email["aria-invalid"] == "true"
    assert email["aria-describedby"] == "id_email_error"
    assert "Voer een geldig e-mailadres in." in page.find(id="id_email_error").get_text()
    assert "utrecht-textbox--invalid" in email["class"]


def test_optional_fields_carry_no_required_marker(rf):
    page = render_form(rf, OrganisationForm())

    assert page.find("label", attrs={"for": "id_website"}).get_text(strip=True) == "Website"
    assert not page.find("input", attrs={"name": "website"}).has_attr("required")
    assert page.find("input", attrs={"name": "email"}).has_attr("required")


def test_each_kind_of_control_gets_its_utrecht_class(rf):
    page = render_form(rf, OrganisationForm())

    def classes(name, tag="input"):
        return page.find(tag, attrs={"name": name})["class"]

    assert "utrecht-textbox" in classes("name")
    assert page.find("input", attrs={"name": "email"})["type"] == "email"
    assert page.find("input", attrs={"name": "website"})["type"] == "url"
    assert "utrecht-textbox--numeric" in classes("employees")
    assert "utrecht-textarea" in classes("story", "textarea")
    assert "utrecht-select" in classes("municipality", "select")
    assert "utrecht-checkbox" in classes("agree")
    assert "impactplein-file-input" in classes("logo")
    assert page.find("input", attrs={"name": "version"})["type"] == "hidden"


def test_radio_buttons_and_checkbox_lists_are_fieldsets_with_a_legend(rf, invalid_form):
    page = render_form(rf, invalid_form)

    kind = page.find("input", id="id_kind_0").find_parent("fieldset")
    assert kind.find("legend").get_text(" ", strip=True) == "Soort (verplicht)"
    assert kind["aria-describedby"] == "id_kind_error"
    radios = kind.find_all("input", type="radio")
    assert [radio["id"] for radio in radios] == ["id_kind_0", "id_kind_1"]
    assert all("utrecht-radio-button" in radio["class"] for radio in radios)
    assert all(radio["aria-invalid"] == "true" for radio in radios)
    assert kind.find("label", attrs={"for": "id_kind_1"}).get_text(strip=True) == "School"
    themes = page.find("input", id="id_themes_0").find_parent("fieldset")
    assert themes.find("legend").get_text(strip=True) == "Thema's"
    assert "utrecht-checkbox" in themes.find("input", type="checkbox")["class"]


def test_single_checkbox_label_follows_the_box(rf):
    page = render_form(rf, OrganisationForm())

    field = page.find("input", attrs={"name": "agree"}).find_parent(class_="utrecht-form-field")
    assert "utrecht-form-field--checkbox" in field["class"]
    assert field.find("label", attrs={"for": "id_agree"}) is not None


def test_field_component_can_be_used_on_its_own_with_another_label(rf):
    form = OrganisationForm()
    html = render_to_string(
        "components/field.html",
        {"field": form["email"], "field_label": "Zakelijk e-mailadres", "hide_required": True},
    )

    page = BeautifulSoup(html, "html.parser")
    assert page.find("label").get_text(strip=True) == "Zakelijk e-mailadres"


def render_string(source: str, context: dict, rf=None, path: str = "/") -> BeautifulSoup:
    request = None
    if rf is not None:
        request = rf.get(path)
        request.user = AnonymousUser()
    html = engines["django"].from_string(source).render(context, request)
    return BeautifulSoup(html, "html.parser")


def test_breadcrumbs_tag_starts_at_home_and_marks_the_current_page():
    page = render_string(
        "{% load impactplein %}{% breadcrumbs 'Organisaties' 'organisations:list' name %}",
        {"name": "Bakkerij De Korenbloem"},
    )

    nav = page.find("nav", class_="utrecht-breadcrumb-nav")
    assert nav["aria-label"] == "Kruimelpad"
    links = [(link.get_text(strip=True), link["href"]) for link in nav.find_all("a")]
    assert links == [("Startpagina", "/"), ("Organisaties", "/organisaties/")]
    current = nav.find(attrs={"aria-current": "page"})
    assert current.get_text(strip=True) == "Bakkerij De Korenbloem"


def test_breadcrumbs_accept_paths():
    page = render_string(
        "{% load impactplein %}{% breadcrumbs 'Organisatie' '/organisaties/7/' 'Bewerken' %}", {}
    )

    assert page.find("a", string="Organisatie")["href"] == "/organisaties/7/"


def test_pagination_keeps_the_other_query_parameters(rf):
    page_obj = Paginator(list(range(200)), 10).page(10)

    page = render_string(
        '{% include "components/pagination.html" %}',
        {"page_obj": page_obj},
        rf,
        "/organisaties/?q=bakker&page=10",
    )

    nav = page.find("nav")
    assert nav["aria-label"] == "Paginering"
    assert nav.find("a", rel="prev")["href"] == "?q=bakker&page=9"
    assert nav.find("a", rel="next")["href"] == "?q=bakker&page=11"
    current = nav.find(attrs={"aria-current": "page"})
    assert current.get_text(" ", strip=True) == "Pagina 10"
    numbers = [
        item.get_text(" ", strip=True).removeprefix("Pagina ") for item in nav.find_all("li")
    ]
    assert numbers == ["1", "…", "8", "9", "10", "11", "12", "…", "20"]


def test_pagination_is_absent_for_a_single_page(rf):
    page_obj = Paginator([1, 2], 10).page(1)

    page = render_string('{% include "components/pagination.html" %}', {"page_obj": page_obj}, rf)

    assert page.find("nav") is None


def test_table_component(rf):
    page = render_string(
        '{% include "components/table.html" with caption="Per gemeente" %}',
        {
            "headers": ["Gemeente", "Organisaties"],
            "rows": [["Dordrecht", "212"], ["Zwijndrecht", "41"]],
            "numeric_columns": [1],
            "row_headers": True,
        },
    )

    table = page.find("table", class_="utrecht-table")
    assert table.find("caption").get_text(strip=True) == "Per gemeente"
    assert [th["scope"] for th in table.find("thead").find_all("th")] == ["col", "col"]
    first_row = table.find("tbody").find("tr")
    assert first_row.find("th", scope="row").get_text(strip=True) == "Dordrecht"
    assert "utrecht-table__cell--numeric-data" in first_row.find("td")["class"]


def test_table_says_when_it_is_empty():
    page = render_string(
        '{% include "components/table.html" with caption="Leeg" %}',
        {"headers": ["A", "B"], "rows": []},
    )

    cell = page.find("tbody").find("td")
    assert cell["colspan"] == "2"
    assert cell.get_text(strip=True) == "Er zijn geen gegevens."


def test_empty_state_component():
    page = render_string(
        '{% include "components/empty_state.html" with title="Nog geen organisaties" %}',
        {"message": "Zet uw organisatie als eerste op de kaart.", "action_url": "/nieuw/"}
        | {"action_label": "Organisatie toevoegen"},
    )

    assert page.find("h2").get_text(strip=True) == "Nog geen organisaties"
    assert page.find("a", href="/nieuw/").get_text(strip=True) == "Organisatie toevoegen"
