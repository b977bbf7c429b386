"""Votes as the law counts them: who votes, the quorum and the majority of each committee kind.

seed 001 (deliberation 2023-121 of the Commission Permanente, 20 March 2023): 39 present,
3 excused, 2 attending and 3 excused "sans voix délibérative"; "Pour : 42 voix". The 42 only
add up because the 3 excused members gave their proxy ("pouvoir") to present members, as the
code the deliberation cites allows (CGCT L.3121-14-1: a member prevented from attending may
delegate their vote to another member; a member holds one proxy at most).

Who votes at a meeting:
- a member present with a vote (``present``), or sitting through their representative
  (``represented``: seed 000 art. V, "Mr DUMORTIER – Président M.T.A ou son représentant");
- an excused member who gave their proxy to a named member present at the same meeting;
- nobody else: an excused member without proxy, a member "sans voix délibérative" (the
  ``voting`` flag of CommitteeMember off, or an attendance recorded as non-voting).

Quorum and majority, per committee kind (only what the seeds say; the rest has none):
- Commission Permanente (seed 001, which cites CGCT L.3121-14): it deliberates only when the
  absolute majority of its voting members is present (proxies do not count towards the
  quorum); a deliberation is adopted by the majority of the votes cast (abstentions are not
  votes cast; a tie rejects);
- COPIL (seed 000 art. IV): two representatives of each structure; a decision "sur la base
  d'un accord de chacune des structures" — the quorum is one representative of each structure
  present, and a household follow-up is decided by each structure's agreement
  (services.outcome_from_agreements), not by a head count;
- every other kind (COMOP, technical and follow-up committees, jury, complex-cases commission,
  elected meeting): the seeds set no quorum; a vote, when there is one, is adopted by the
  majority of the votes cast.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.enums import AttendanceStatus, CommitteeKind

# Attendances that vote in person.
IN_SESSION = (AttendanceStatus.PRESENT, AttendanceStatus.REPRESENTED)
# Attendances of members with a vote (present or not): the members "en exercice".
WITH_A_VOTE = (AttendanceStatus.PRESENT, AttendanceStatus.REPRESENTED, AttendanceStatus.EXCUSED)

NO_QUORUM = "none"
ABSOLUTE_MAJORITY = "absolute_majority"
EACH_STRUCTURE = "each_structure"


@dataclass(frozen=True)
class VotingRule:
    quorum: str
    source: str
    description: str

    @property
    def needs_attendance(self) -> bool:
        """A quorum is counted on the attendance: a vote needs it recorded first."""
        return self.quorum != NO_QUORUM


CAST_MAJORITY = gettext_lazy("majorité des suffrages exprimés")
RULES = {
    CommitteeKind.STANDING_COMMISSION: VotingRule(
        ABSOLUTE_MAJORITY,
        "délibération 2023-121 du Pas-de-Calais (CGCT L.3121-14, L.3121-14-1)",
        gettext_lazy(
            "Quorum : majorité absolue des membres ayant voix délibérative présents ; "
            "adoption à la majorité des suffrages exprimés ; un pouvoir par membre présent."
        ),
    ),
    CommitteeKind.STEERING: VotingRule(
        EACH_STRUCTURE,
        "convention-cadre SOLiHA × MTA, art. IV",
        gettext_lazy(
            "Quorum : un représentant de chaque structure présent ; l'accord sur un ménage "
            "se donne structure par structure."
        ),
    ),
}
DEFAULT_RULE = VotingRule(
    NO_QUORUM,
    "",
    gettext_lazy("Pas de quorum fixé par les documents ; adoption à la majorité des voix."),
)


def rule_for(kind: str) -> VotingRule:
    return RULES.get(kind, DEFAULT_RULE)


@dataclass(frozen=True)
class Count:
    """The vote count of one meeting's attendance."""

    in_session: int  # present with a vote (or represented)
    proxies: int  # excused members whose proxy is held by a present member
    members: int  # voting members "en exercice" (committee list, or the attendance)

    @property
    def voters(self) -> int:
        return self.in_session + self.proxies


def count(meeting, attendances=None, voting_members: int | None = None) -> Count:
    """Who votes at `meeting` (its attendances, prefetched or read)."""
    if attendances is None:
        attendances = list(meeting.attendances.all())
    by_pk = {a.pk: a for a in attendances}
    in_session = sum(1 for a in attendances if a.status in IN_SESSION)
    proxies = sum(
        1
        for a in attendances
        if a.status == AttendanceStatus.EXCUSED
        and a.proxy_holder_id
        and by_pk.get(a.proxy_holder_id) is not None
        and by_pk[a.proxy_holder_id].status == AttendanceStatus.PRESENT
    )
    if voting_members is None:
        voting_members = sum(1 for a in attendances if a.status in WITH_A_VOTE)
    return Count(in_session, proxies, voting_members)


def quorum_refusal(meeting, attendances, voting_members: int, structures: set[int]) -> str | None:
    """Why the meeting could not vote, or None. `voting_members`: the committee's voting
    members when its list is kept (else the attendance's); `structures`: its organisations."""
    rule = rule_for(meeting.committee.kind)
    if rule.quorum == NO_QUORUM:
        return None
    if not attendances:
        return _("Enregistrez les présences avant le vote : le quorum se compte sur elles.")
    tally = count(meeting, attendances, voting_members or None)
    if rule.quorum == ABSOLUTE_MAJORITY:
        needed = tally.members // 2 + 1
        if tally.in_session < needed:
            return _(
                "Quorum non atteint : %(present)s membres présents sur %(members)s, il en faut "
                "%(needed)s (les pouvoirs ne comptent pas pour le quorum)."
            ) % {"present": tally.in_session, "members": tally.members, "needed": needed}
    if rule.quorum == EACH_STRUCTURE:
        present = {
            a.organisation_id for a in attendances if a.status in IN_SESSION and a.organisation_id
        }
        if structures - present:
            return _(
                "Quorum non atteint : chaque structure doit avoir un représentant présent "
                "(convention-cadre SOLiHA × MTA, art. IV)."
            )
    return None
