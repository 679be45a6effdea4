from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    """The role an organisation mainly plays in the programme; one record serves every role."""

    COMPANY = "company", _("bedrijf")
    SOCIAL_ENTERPRISE = "social_enterprise", _("sociale onderneming")
    SOCIAL_ORGANISATION = "social_organisation", _("maatschappelijke organisatie")
    EDUCATION = "education", _("onderwijsinstelling")
    GOVERNMENT = "government", _("overheid")
    PROGRAMME_PARTNER = "programme_partner", _("programmapartner")


class LegalForm(models.TextChoices):
    """Legal forms in the Dutch Handelsregister (domain note §7.1), plus government and other."""

    EENMANSZAAK = "eenmanszaak", _("eenmanszaak")
    VOF = "vof", _("vennootschap onder firma (vof)")
    BV = "bv", _("besloten vennootschap (bv)")
    NV = "nv", _("naamloze vennootschap (nv)")
    STICHTING = "stichting", _("stichting")
    VERENIGING = "vereniging", _("vereniging")
    COOPERATIE = "cooperatie", _("coöperatie")
    MAATSCHAP = "maatschap", _("maatschap")
    CV = "cv", _("commanditaire vennootschap (cv)")
    OVERHEID = "overheid", _("overheid (publiekrechtelijke rechtspersoon)")
    OTHER = "other", _("anders of geen rechtsvorm")


class MembershipRole(models.TextChoices):
    """What a member may do for an organisation: owners also manage the members."""

    OWNER = "owner", _("eigenaar")
    EDITOR = "editor", _("redacteur")


class LocationSource(models.TextChoices):
    """Where an organisation's coordinates came from (see geocoding.py)."""

    PDOK = "pdok", _("adres (PDOK Locatieserver)")
    MUNICIPALITY = "municipality", _("midden van de gemeente")
