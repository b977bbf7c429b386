"""What governance does when another app's event happens (connected in governance/apps.py).

partnerships is the base layer and cannot ask governance anything: it sends
`convention_signing` before recording a signature, and the receiver here refuses it when a
deliberation authorising that signature exists and is not yet enforceable.
"""

from django.utils.translation import gettext as _

from governance.enums import DecisionOutcome, DecisionSubject
from governance.errors import GovernanceError
from governance.models import Decision


def _french(day) -> str:
    return day.strftime("%d/%m/%Y") if day else _("pas encore")


def on_convention_signing(sender, *, convention, signed_on, **kwargs) -> None:
    """seed 001: the Commission Permanente authorises the President to sign (art. 2 of
    deliberation 2023-121); the deliberation is enforceable once sent to the legality control
    and published ("Envoi au contrôle de légalité le : 19 avril 2023 — Publication
    électronique le : 19 avril 2023"). A convention whose signature a deliberation
    authorises is not signed before one of them is enforceable; a convention no deliberation
    authorises (two associations signing under their statutes, seed 000) is not concerned."""
    decisions = list(
        # unscoped: the signing service checks the acting user; this reads its own convention
        Decision.objects.filter(
            convention=convention, subject=DecisionSubject.AUTHORISE_SIGNING
        ).order_by("meeting__held_on", "pk")
    )
    if not decisions or any(d.enforceable_on(signed_on) for d in decisions):
        return
    adopted = [d for d in decisions if d.outcome == DecisionOutcome.ADOPTED]
    if not adopted:
        raise GovernanceError(
            _(
                "La délibération qui autorise la signature de la convention %(ref)s n'est pas "
                "adoptée : la convention ne peut pas être signée."
            )
            % {"ref": convention.reference}
        )
    decision = adopted[-1]
    raise GovernanceError(
        _(
            "La délibération %(number)s qui autorise la signature n'est pas exécutoire au "
            "%(day)s : envoi au contrôle de légalité : %(sent)s ; publication : %(published)s."
        )
        % {
            "number": decision.number or decision.title,
            "day": signed_on.strftime("%d/%m/%Y"),
            "sent": _french(decision.sent_to_control_on),
            "published": _french(decision.published_on),
        }
    )
