from django.core.validators import FileExtensionValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.folding import Fold
from common.validators import validate_logo_size, validate_siret
from partnerships.enums import OrganisationKind, TerritoryKind
from partnerships.perimeter import org_ids


class Territory(models.Model):
    """Département › territoire › EPCI › commune › quartier; used for perimeters and allocations."""

    # The fields __str__ reads, and how: a drop-down of territories reads only these
    # (issue 15, common.choices.labelled).
    label_fields = ("name",)

    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("niveau"), max_length=20, choices=TerritoryKind.choices)
    code = models.CharField(_("code"), max_length=20, blank=True, help_text=_("Code INSEE, etc."))
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("territoire parent"),
    )
    # Materialised path of ids ("/1/4/17/") so that "within a territory" is one indexed filter.
    path = models.CharField(_("chemin"), max_length=255, editable=False, db_index=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("territoire")
        verbose_name_plural = _("territoires")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="territory_unique_name"),
        ]

    def __str__(self):
        return self.label_of(self.name)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        path = f"{self.parent.path if self.parent else '/'}{self.pk}/"
        if path != self.path:
            self.path = path
            type(self).objects.filter(pk=self.pk).update(path=path)

    @staticmethod
    def label_of(name: str) -> str:
        """str() of a territory from its label_fields (common.choices.labelled)."""
        return name


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Own organisations, those they registered (issue 19: an organisation department
        staff import or add is theirs to name as a party and to correct before any convention
        names it), and those they are in a convention with. `registered_by` is a column of
        the row itself: no join added to the convention one."""
        if user.is_superuser:
            return self

        mine = org_ids(user)
        return self.filter(
            Q(pk__in=mine)
            | Q(registered_by__in=mine)
            | Q(convention_parties__convention__parties__organisation__in=mine)
        ).distinct()


class Organisation(models.Model):
    # The fields __str__ reads, and how: a drop-down of organisations reads only these
    # (issue 15, common.choices.labelled).
    label_fields = ("short_name", "name")

    name = models.CharField(_("raison sociale"), max_length=255)
    short_name = models.CharField(_("sigle"), max_length=60, blank=True)
    # The search's columns (common/folding.py): computed by the database on every write.
    name_folded = models.GeneratedField(
        expression=Fold("name"), output_field=models.TextField(), db_persist=True
    )
    short_name_folded = models.GeneratedField(
        expression=Fold("short_name"), output_field=models.TextField(), db_persist=True
    )
    kind = models.CharField(_("type de structure"), max_length=30, choices=OrganisationKind.choices)
    siret = models.CharField(
        _("SIRET"),
        max_length=14,
        blank=True,
        validators=[validate_siret],
        help_text=_("14 chiffres, clé de Luhn vérifiée."),
    )
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    postal_code = models.CharField(_("code postal"), max_length=5, blank=True)
    city = models.CharField(_("ville"), max_length=120, blank=True)
    network = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("réseau / fédération"),
    )
    territories = models.ManyToManyField(
        Territory, blank=True, related_name="organisations", verbose_name=_("territoires")
    )
    # issue 18: the documents an organisation signs carry its logo and colour; without a logo
    # they open on a plain text header with its name.
    logo = models.ImageField(
        _("logo"),
        upload_to="logos/",
        blank=True,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg"]), validate_logo_size],
        help_text=_("Image PNG ou JPEG de 1 Mo au plus, imprimée en tête de ses documents."),
    )
    colour = models.CharField(
        _("couleur"),
        max_length=7,
        blank=True,
        validators=[
            RegexValidator(
                r"^#[0-9a-fA-F]{6}$",
                _("Indiquez une couleur au format #RRVVBB, par exemple #1d3f72."),
            )
        ],
        help_text=_("Couleur des titres de ses documents (#RRVVBB) ; bleu sobre par défaut."),
    )

    # issue 19: the structure whose staff registered it (an import or the admin's « Ajouter »),
    # which sees it from then on; set once by the service or the admin, never edited.
    registered_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registered",
        verbose_name=_("enregistrée par"),
        help_text=_("La structure dont un agent l'a enregistrée ; elle la voit dès lors."),
    )

    history = HistoricalRecords(
        m2m_fields=[territories], excluded_fields=["name_folded", "short_name_folded"]
    )
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["siret"], condition=~Q(siret=""), name="organisation_unique_siret"
            ),
        ]

    def __str__(self):
        return self.label_of(self.short_name, self.name)

    @staticmethod
    def label_of(short_name: str, name: str) -> str:
        """str() of an organisation from its label_fields (common.choices.labelled)."""
        return short_name or name

    @property
    def name_with_article(self) -> str:
        """« le Département du Pas-de-Calais », « l'Association … », « SOLiHA Métropole Nord »."""
        return with_article(self.name)


# The article French puts before an organisation's name, read from its first word; a proper
# name (SOLiHA, Citéo, Marcq Terre d'Accueil) takes none.
ARTICLES = {
    "agence": "l'",
    "association": "l'",
    "ccas": "le",
    "chrs": "le",
    "centre": "le",
    "cias": "le",
    "commune": "la",
    "communauté": "la",
    "conseil": "le",
    "délégation": "la",
    "département": "le",
    "direction": "la",
    "fédération": "la",
    "fondation": "la",
    "groupement": "le",
    "maison": "la",
    "mairie": "la",
    "métropole": "la",
    "office": "l'",
    "préfecture": "la",
    "région": "la",
    "siao": "le",
    "syndicat": "le",
    "union": "l'",
    "ville": "la",
}


def with_article(name: str) -> str:
    first = (name or "").split(" ", 1)[0].split("'", 1)[0].lower()
    article = ARTICLES.get(first)
    if article is None:
        return name
    return f"{article}{name}" if article.endswith("'") else f"{article} {name}"


class OrganisationContactQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(organisation__in=Organisation.objects.visible_to(user).values("pk"))


class OrganisationContact(models.Model):
    """A person who represents an organisation (Président, Directrice générale, Maire délégué)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("organisation"),
    )
    full_name = models.CharField(_("nom complet"), max_length=200)
    title = models.CharField(_("qualité"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)

    history = HistoricalRecords()
    objects = OrganisationContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("représentant")
        verbose_name_plural = _("représentants")
        ordering = ["organisation__name", "full_name"]

    def __str__(self):
        return f"{self.full_name}, {self.title}" if self.title else self.full_name
