import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.dates import add_months, term_end
from common.folding import Fold
from common.money import ZERO
from partnerships.enums import (
    ConventionKind,
    ConventionStatus,
    PartyRole,
    ProposalStatus,
    RenewalPolicy,
    TerminationKind,
)
from partnerships.perimeter import org_ids

# The renewal terms an amendment may change (seed 001 art. 9, seed 002 §VII).
RENEWAL_TERMS = ("renewal_policy", "notice_months", "renewal_term_months")


class ConventionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Conventions one of the user's organisations is party to, and their sub-conventions."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self

        mine = org_ids(user)
        return self.filter(
            Q(parties__organisation__in=mine) | Q(parent__parties__organisation__in=mine)
        ).distinct()


class Convention(models.Model):
    reference = models.CharField(_("référence"), max_length=40, unique=True)
    title = models.CharField(_("intitulé"), max_length=300)
    # The search's columns (common/folding.py): computed by the database on every write.
    reference_folded = models.GeneratedField(
        expression=Fold("reference"), output_field=models.TextField(), db_persist=True
    )
    title_folded = models.GeneratedField(
        expression=Fold("title"), output_field=models.TextField(), db_persist=True
    )
    kind = models.CharField(_("type de convention"), max_length=30, choices=ConventionKind.choices)
    purpose = models.TextField(_("objet"), blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("convention cadre"),
        help_text=_(
            "Pour une convention locale ou financière annuelle (convention-cadre Nord × "
            "UDCCAS, §IV, §VI)."
        ),
    )
    start_date = models.DateField(_("date de début"))
    end_date = models.DateField(_("date de fin initiale"))
    renewal_policy = models.CharField(
        _("renouvellement"),
        max_length=20,
        choices=RenewalPolicy.choices,
        default=RenewalPolicy.NONE,
    )
    notice_months = models.PositiveSmallIntegerField(_("préavis de dénonciation (mois)"), default=0)
    status = models.CharField(
        _("statut"), max_length=20, choices=ConventionStatus.choices, default=ConventionStatus.DRAFT
    )
    signed_on = models.DateField(_("date de signature"), null=True, blank=True)
    signed_at = models.CharField(_("lieu de signature"), max_length=120, blank=True)
    territories = models.ManyToManyField(
        "partnerships.Territory",
        blank=True,
        related_name="conventions",
        verbose_name=_("territoires concernés"),
    )
    renewal_term_months = models.PositiveSmallIntegerField(
        _("durée de chaque reconduction (mois)"),
        null=True,
        blank=True,
        help_text=_("Reconduction tacite : 12 mois si rien n'est précisé."),
    )
    amount = models.DecimalField(
        _("montant initial (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # seed 003 §IV.1: a mediator on a yearly base of 1 607 h and a weekly average of 35 h.
    contracted_hours_per_year = models.DecimalField(
        _("volume horaire annuel contractuel (h)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
    )
    contracted_hours_per_week = models.DecimalField(
        _("moyenne hebdomadaire contractuelle (h)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    # seed 003 §IV.1: « un temps d'encadrement équivalent à 1/2 journée par semaine ».
    supervision_hours_per_week = models.DecimalField(
        _("temps d'encadrement hebdomadaire prévu (h)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Une demi-journée d'une semaine de 35 h : 3,5 h."),
    )
    annual_report_months = models.PositiveSmallIntegerField(
        _("délai de remise du bilan annuel (mois après la fin de l'année)"),
        null=True,
        blank=True,
        help_text=_("Vide : aucun bilan annuel attendu."),
    )
    # The dates derived from the amendments and terminations, and what they make of today
    # (with `status`): kept by partnerships.services.refresh_convention_dates() on every write
    # that changes them, and each night by `manage.py refresh_convention_dates` for what the
    # passing days change (an end reached, a tacit renewal, a notice that runs out).
    amended_end = models.DateField(
        _("fin après avenants"),
        null=True,
        editable=False,
        help_text=_("La date de fin du dernier avenant qui la déplace, sinon la fin initiale."),
    )
    terminated_on = models.DateField(
        _("dénonciation ou résiliation effective le"), null=True, blank=True, editable=False
    )
    effective_end = models.DateField(
        _("fin en vigueur"),
        null=True,
        editable=False,
        help_text=_("Vue d'aujourd'hui : fin de la période en cours ou veille de la résiliation."),
    )
    denounce_by = models.DateField(
        _("dénonciation au plus tard"), null=True, blank=True, editable=False
    )

    history = HistoricalRecords(
        m2m_fields=[territories], excluded_fields=["reference_folded", "title_folded"]
    )
    objects = ConventionQuerySet.as_manager()

    class Meta:
        verbose_name = _("convention")
        verbose_name_plural = _("conventions")
        ordering = ["-start_date", "reference"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="convention_dates_coherent",
                violation_error_message=_("La date de fin précède la date de début."),
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="convention_amount_positive",
                violation_error_message=_("Le montant ne peut pas être négatif."),
            ),
        ]

    def __str__(self):
        return f"{self.reference} — {self.title}"

    def save(self, *args, **kwargs):
        # A new convention has no amendment nor termination yet: its dates come from its own
        # terms. Afterwards refresh_convention_dates() keeps them.
        if self._state.adding and self.amended_end is None:
            self.amended_end = self.end_date
            self.set_dates_on(timezone.localdate())
        super().save(*args, **kwargs)

    def dated_by(self, amendments, terminations, today: dt.date | None = None) -> None:
        """Set the end after amendments and the termination's effect from those rows."""
        amendments = sorted(amendments, key=lambda a: (a.signed_on, a.number))
        # The last amendment that moves the end decides it. A denounced one (seed 002 §VII)
        # applied until it lapsed: its end stands if reached by then, otherwise the end it
        # replaced comes back, never before the eve of the day it lapsed.
        end = self.end_date
        for amendment in (a for a in amendments if a.new_end_date):
            if amendment.lapses_on and amendment.new_end_date >= amendment.lapses_on:
                end = max(end, amendment.lapses_on - dt.timedelta(days=1))
            else:
                end = amendment.new_end_date
        # A denounced amendment that changed the renewal policy or the length of the terms:
        # when a tacit term began while it applied, that term ends on the eve of the day the
        # replaced terms come back; from then on the restored terms govern (seed 002 §VII).
        if today is not None:
            for amendment in sorted(
                (
                    a
                    for a in amendments
                    if a.lapses_on
                    and a.lapses_on <= today
                    and (a.sets_term("renewal_policy") or a.sets_term("renewal_term_months"))
                ),
                key=lambda a: a.lapses_on,
            ):
                eve = amendment.lapses_on - dt.timedelta(days=1)
                if end >= eve or self._ended_under(amendment, amendments, end):
                    continue
                then = self.terms_on(amendments, eve, end)
                after = self.terms_on(amendments, amendment.lapses_on, end)
                if self._term(then, "renewal_policy") != RenewalPolicy.TACIT:
                    continue
                if any(
                    self._term(then, name) != self._term(after, name)
                    for name in ("renewal_policy", "renewal_term_months")
                ):
                    end = eve
        self.amended_end = end
        effects = [t.effective_on for t in terminations]
        self.terminated_on = min(effects) if effects else None

    def _term(self, terms: dict, name: str):
        return terms[name] if name in terms else getattr(self, name)

    def terms_on(self, amendments, day: dt.date, end: dt.date | None = None) -> dict:
        """The renewal terms in force on `day`, by name, for the terms an amendment set: the
        latest amendment that set the term and still applies that day decides it, otherwise
        the term the first of them replaced (seed 002 §VII: a denounced amendment applies
        during the notice, then the terms it replaced come back). `end`: the end after the
        amendments' end dates (dated_by)."""
        amendments = sorted(amendments, key=lambda a: (a.signed_on, a.number))
        end = self.amended_end if end is None else end
        terms = {}
        for name in RENEWAL_TERMS:
            setting = [a for a in amendments if a.sets_term(name)]
            if not setting:
                continue
            live = [
                a
                for a in setting
                if a.signed_on <= day
                and not (
                    a.lapses_on and a.lapses_on <= day and not self._ended_under(a, amendments, end)
                )
            ]
            if live:
                terms[name] = live[-1].new_term(name)
            elif name in (setting[0].replaced_terms or {}):
                terms[name] = setting[0].replaced_terms[name]
        return terms

    def _ended_under(self, amendment, amendments, end: dt.date | None) -> bool:
        """Whether the convention came to its end while the denounced `amendment` still
        applied: no tacit renewal then, and the end before the eve of its lapse. Its terms
        then stay: the replaced ones do not bring an ended convention back to life."""
        eve = amendment.lapses_on - dt.timedelta(days=1)
        if end is None or end >= eve:
            return False
        then = self.terms_on([a for a in amendments if a.signed_on <= eve], eve, end)
        return self._term(then, "renewal_policy") != RenewalPolicy.TACIT

    def set_dates_on(self, today: dt.date) -> None:
        """Set what `today` makes of the dates: status, effective end, last day to denounce."""
        self.status = self.status_on(today)
        self.effective_end = self.end_on(today)
        self.denounce_by = self.last_day_to_denounce(today)

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("La date de fin précède la date de début.")})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("Une convention ne peut être son propre cadre.")})

    def end_in_force(self) -> dt.date:
        """End date after amendments: the latest amendment that moves it wins (a column)."""
        return self.amended_end

    def renewal_months(self) -> int:
        """Length of each tacit renewal term (12 months unless the convention says otherwise)."""
        return self.renewal_term_months or 12

    def term_end_on(self, day: dt.date) -> dt.date:
        """Last day of the term running on `day`.

        A tacitly renewed convention starts a new term the day after each end, until a party
        denounces it; any other convention ends once, at the end in force.
        """
        end = self.end_in_force()
        if self.renewal_policy != RenewalPolicy.TACIT:
            return end
        while end < day:
            end = term_end(end + dt.timedelta(days=1), self.renewal_months())
        return end

    def last_day_to_denounce(self, on: dt.date | None = None) -> dt.date | None:
        """Last day a party may still denounce before the end (seed 002 §VII: 3 months' notice).

        Without `on`, before the end in force; with `on`, before the end of the term running
        that day (a tacit convention has a new deadline each term).
        """
        if not self.notice_months:
            return None
        end = self.end_in_force() if on is None else self.term_end_on(on)
        return add_months(end, -self.notice_months)

    def effective_termination(self) -> dt.date | None:
        """The day the first denunciation or termination takes effect (a column)."""
        return self.terminated_on

    def end_on(self, day: dt.date) -> dt.date:
        """Last day in force, seen from `day`: the term's end or the eve of a termination."""
        end = self.term_end_on(day)
        terminated = self.effective_termination()
        if terminated and terminated <= end:
            return terminated - dt.timedelta(days=1)
        return end

    def status_on(self, day: dt.date) -> str:
        """Status at any date, from signature, terminations, the end in force and renewals."""
        if not self.signed_on:
            if self.status == ConventionStatus.AWAITING_SIGNATURE:
                return ConventionStatus.AWAITING_SIGNATURE
            return ConventionStatus.DRAFT
        if day < self.signed_on:
            return ConventionStatus.AWAITING_SIGNATURE
        terminated = self.effective_termination()
        if terminated and day >= terminated:
            return ConventionStatus.TERMINATED
        if day > self.end_in_force():
            # Tacit renewal: a new term starts each time nobody denounced in time.
            if self.renewal_policy == RenewalPolicy.TACIT:
                return ConventionStatus.RENEWED
            return ConventionStatus.EXPIRED
        return ConventionStatus.ACTIVE

    def in_force_on(self, day: dt.date) -> bool:
        return self.status_on(day) in (ConventionStatus.ACTIVE, ConventionStatus.RENEWED)

    def amount_in_force(self, on: dt.date | None = None) -> Decimal | None:
        """Initial amount plus the changes of the amendments signed by `on` (all when None),
        less those of the amendments denounced whose notice ran out by then (seed 002 §VII)."""
        if self.amount is None:
            return None
        lapsed_by = on or timezone.localdate()
        changes = [
            a.amount_change
            for a in self.amendments.all()
            if a.amount_change is not None
            and (on is None or a.signed_on <= on)
            and not (a.lapses_on and a.lapses_on <= lapsed_by)
        ]
        return self.amount + sum(changes, ZERO)

    def parties_on(self, day: dt.date) -> list:
        """Parties bound on `day`: those added by a later amendment or removed before are not."""
        return [p for p in self.parties.all() if p.bound_on(day)]

    def monthly_hours_target(self) -> Decimal | None:
        """seed 003 §IV.1: the yearly base of 1 607 h spread evenly over twelve months."""
        if self.contracted_hours_per_year is None:
            return None
        return (self.contracted_hours_per_year / 12).quantize(Decimal("0.01"))


class ConventionChildQuerySet(models.QuerySet):
    convention_path = "convention"

    def visible_to(self, user):
        return self.filter(
            **{f"{self.convention_path}__in": Convention.objects.visible_to(user).values("pk")}
        )


class CommitmentQuerySet(ConventionChildQuerySet):
    convention_path = "party__convention"


class ConventionParty(models.Model):
    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="parties", verbose_name=_("convention")
    )
    organisation = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        related_name="convention_parties",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("qualité"), max_length=20, choices=PartyRole.choices)
    representative = models.ForeignKey(
        "partnerships.OrganisationContact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("représentant"),
    )
    signed_on = models.DateField(_("signée le"), null=True, blank=True)
    added_by = models.ForeignKey(
        "partnerships.Amendment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parties_added",
        verbose_name=_("ajoutée par l'avenant"),
    )
    removed_by = models.ForeignKey(
        "partnerships.Amendment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parties_removed",
        verbose_name=_("retirée par l'avenant"),
    )

    history = HistoricalRecords()
    objects = ConventionChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("partie à la convention")
        verbose_name_plural = _("parties à la convention")
        ordering = ["convention", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "organisation", "role"], name="party_unique_role"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"

    def bound_on(self, day: dt.date) -> bool:
        # A party an amendment added is bound while the amendment applies; one it removed is
        # bound again once a denunciation of the amendment has run its notice (seed 002 §VII).
        if self.added_by_id and not self.added_by.applies_on(day):
            return False
        return not (self.removed_by_id and self.removed_by.applies_on(day))


class Commitment(models.Model):
    party = models.ForeignKey(
        ConventionParty,
        on_delete=models.CASCADE,
        related_name="commitments",
        verbose_name=_("partie"),
    )
    text = models.TextField(_("engagement"))
    due_on = models.DateField(_("échéance"), null=True, blank=True)

    history = HistoricalRecords()
    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["party", "pk"]

    def __str__(self):
        return self.text[:80]


class Amendment(models.Model):
    """Avenant: changes dates, amounts, renewal terms or parties; the convention's history
    stays readable."""

    convention = models.ForeignKey(
        Convention,
        on_delete=models.CASCADE,
        related_name="amendments",
        verbose_name=_("convention"),
    )
    number = models.PositiveSmallIntegerField(_("numéro"))
    signed_on = models.DateField(_("date"))
    summary = models.TextField(_("objet de l'avenant"))
    new_end_date = models.DateField(_("nouvelle date de fin"), null=True, blank=True)
    amount_change = models.DecimalField(
        _("variation du montant (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Positive ou négative."),
    )
    # seed 001 art. 9, seed 002 §VII: the renewal terms of a signed convention change only by
    # amendment; the amendment records the new terms it applied to the convention.
    new_renewal_policy = models.CharField(
        _("nouveau régime de renouvellement"),
        max_length=20,
        choices=RenewalPolicy.choices,
        blank=True,
    )
    new_notice_months = models.PositiveSmallIntegerField(
        _("nouveau préavis de dénonciation (mois)"), null=True, blank=True
    )
    new_renewal_term_months = models.PositiveSmallIntegerField(
        _("nouvelle durée de chaque reconduction (mois)"), null=True, blank=True
    )
    # What the renewal terms were before this amendment changed them, by name
    # (renewal_policy, notice_months, renewal_term_months): written by amendment_add (migration
    # 0018 backfilled it from the convention's history). A denunciation puts them back once its
    # notice runs out (seed 002 §VII); None when the replaced terms are unknown.
    replaced_terms = models.JSONField(
        _("conditions de renouvellement remplacées"), null=True, blank=True, editable=False
    )
    is_renewal = models.BooleanField(_("reconduction expresse"), default=False)
    decision_reference = models.CharField(_("décision ou délibération"), max_length=120, blank=True)
    # seed 002 §VII: « les éventuels avenants … peuvent être dénoncés par l'une ou l'autre des
    # parties … ils resteront applicables durant le préavis de trois mois ». Written by
    # amendment_denounce only; from `lapses_on` the amendment no longer applies.
    denounced_by = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("dénoncé par"),
    )
    denounced_notified_on = models.DateField(
        _("dénonciation reçue le"), null=True, blank=True, editable=False
    )
    denunciation_notice_months = models.PositiveSmallIntegerField(
        _("préavis de la dénonciation (mois)"), null=True, blank=True, editable=False
    )
    lapses_on = models.DateField(
        _("cesse de s'appliquer le"), null=True, blank=True, editable=False
    )
    denunciation_reason = models.TextField(
        _("motif de la dénonciation"), blank=True, editable=False
    )

    history = HistoricalRecords()
    objects = ConventionChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("avenant")
        verbose_name_plural = _("avenants")
        ordering = ["convention", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "number"], name="amendment_unique_number"
            ),
        ]

    def __str__(self):
        return _("Avenant n° %(number)s") % {"number": self.number}

    def applies_on(self, day: dt.date) -> bool:
        """Signed by `day` and not lapsed after its denunciation's notice (seed 002 §VII)."""
        return self.signed_on <= day and not (self.lapses_on and day >= self.lapses_on)

    def new_term(self, name: str):
        """The renewal term `name` this amendment set, or None if it left it unchanged."""
        if name == "renewal_policy":
            return self.new_renewal_policy or None
        return getattr(self, f"new_{name}")

    def sets_term(self, name: str) -> bool:
        return self.new_term(name) is not None

    def sets_renewal_terms(self) -> bool:
        return any(self.sets_term(name) for name in RENEWAL_TERMS)

    def replaced_terms_known(self) -> bool:
        """Whether the terms it replaced are recorded, so a denunciation can restore them."""
        terms = self.replaced_terms or {}
        return all(name in terms for name in RENEWAL_TERMS if self.sets_term(name))

    def denounceable(self) -> bool:
        """seed 002 §VII: any amendment may be denounced; one that changed the renewal terms
        only if the terms it replaced are known, to restore them after the notice."""
        return not self.sets_renewal_terms() or self.replaced_terms_known()

    def replaced_terms_display(self) -> str:
        """The renewal terms it replaced, in words (« sans reconduction, préavis de 3 mois »)."""
        terms = self.replaced_terms or {}
        words = []
        if "renewal_policy" in terms:
            words.append(str(RenewalPolicy(terms["renewal_policy"]).label))
        if "notice_months" in terms:
            words.append(_("préavis de %(n)s mois") % {"n": terms["notice_months"]})
        if "renewal_term_months" in terms:
            words.append(
                _("reconduction par périodes de %(n)s mois")
                % {"n": terms["renewal_term_months"] or 12}
            )
        return ", ".join(words)


class Termination(models.Model):
    convention = models.ForeignKey(
        Convention,
        on_delete=models.CASCADE,
        related_name="terminations",
        verbose_name=_("convention"),
    )
    kind = models.CharField(_("nature"), max_length=20, choices=TerminationKind.choices)
    by_organisation = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("à l'initiative de"),
    )
    notified_on = models.DateField(_("notifiée le"))
    formal_notice_on = models.DateField(
        _("mise en demeure le"),
        null=True,
        blank=True,
        help_text=_(
            "Résiliation par le financeur : après mise en demeure (CPOM FAS 2023-2025, art. 9)."
        ),
    )
    notice_months = models.PositiveSmallIntegerField(_("préavis (mois)"), default=0)
    effective_on = models.DateField(_("prend effet le"), editable=False)
    reason = models.TextField(_("motif"), blank=True)
    amount_to_repay = models.DecimalField(
        _("montant à reverser (€)"),
        max_digits=12,
        decimal_places=2,
        default=ZERO,
    )

    history = HistoricalRecords()
    objects = ConventionChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("dénonciation / résiliation")
        verbose_name_plural = _("dénonciations / résiliations")
        ordering = ["convention", "notified_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(formal_notice_on__isnull=True)
                | Q(formal_notice_on__lte=F("notified_on")),
                name="termination_after_formal_notice",
                violation_error_message=_("La mise en demeure précède la résiliation."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.convention.reference}"

    def save(self, *args, **kwargs):
        # Effective date = notification + notice (seed 002 §VII; seed 001 art. 9).
        self.effective_on = add_months(self.notified_on, self.notice_months)
        super().save(*args, **kwargs)


class ConventionProposal(models.Model):
    """An amendment or a termination proposed to the convention's committee (governance's
    agenda lists it; the committee's decision applies it through amendment_add,
    convention_denounce or convention_terminate, or leaves the convention unchanged). The
    status, the decision and the row applied are written by the services only."""

    proposed_on = models.DateField(_("proposé le"))
    status = models.CharField(
        _("statut"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PROPOSED,
        editable=False,
    )
    decided_on = models.DateField(_("décidé le"), null=True, blank=True, editable=False)
    decision_reference = models.CharField(
        _("décision de l'instance"), max_length=300, blank=True, editable=False
    )

    objects = ConventionChildQuerySet.as_manager()

    class Meta:
        abstract = True


class AmendmentProposal(ConventionProposal):
    """Avenant proposé (seed 001 art. 9: "modifiée à l'initiative des parties par voie
    d'avenant"): the terms it would change; a change of parties is recorded directly."""

    convention = models.ForeignKey(
        Convention,
        on_delete=models.CASCADE,
        related_name="amendment_proposals",
        verbose_name=_("convention"),
    )
    summary = models.TextField(_("objet de l'avenant"))
    new_end_date = models.DateField(_("nouvelle date de fin"), null=True, blank=True)
    amount_change = models.DecimalField(
        _("variation du montant (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    new_renewal_policy = models.CharField(
        _("nouveau régime de renouvellement"),
        max_length=20,
        choices=RenewalPolicy.choices,
        blank=True,
    )
    new_notice_months = models.PositiveSmallIntegerField(
        _("nouveau préavis de dénonciation (mois)"), null=True, blank=True
    )
    new_renewal_term_months = models.PositiveSmallIntegerField(
        _("nouvelle durée de chaque reconduction (mois)"), null=True, blank=True
    )
    amendment = models.OneToOneField(
        Amendment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="proposal",
        verbose_name=_("avenant signé"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("avenant proposé")
        verbose_name_plural = _("avenants proposés")
        ordering = ["convention", "proposed_on", "pk"]

    def __str__(self):
        return _("Avenant proposé le %(day)s — %(ref)s") % {
            "day": self.proposed_on.strftime("%d/%m/%Y"),
            "ref": self.convention.reference,
        }


class TerminationProposal(ConventionProposal):
    """Dénonciation (seed 002 §VII) or résiliation (seed 001 art. 9) proposed to the
    committee; adopted, the letter is recorded with its notification date."""

    convention = models.ForeignKey(
        Convention,
        on_delete=models.CASCADE,
        related_name="termination_proposals",
        verbose_name=_("convention"),
    )
    kind = models.CharField(_("nature"), max_length=20, choices=TerminationKind.choices)
    by_organisation = models.ForeignKey(
        "partnerships.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("à l'initiative de"),
    )
    formal_notice_on = models.DateField(_("mise en demeure le"), null=True, blank=True)
    reason = models.TextField(_("motif"), blank=True)
    amount_to_repay = models.DecimalField(
        _("montant à reverser (€)"), max_digits=12, decimal_places=2, default=ZERO
    )
    termination = models.OneToOneField(
        Termination,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="proposal",
        verbose_name=_("lettre enregistrée"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dénonciation / résiliation proposée")
        verbose_name_plural = _("dénonciations / résiliations proposées")
        ordering = ["convention", "proposed_on", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.convention.reference}"
