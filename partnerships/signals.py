"""Convention events other apps react to, without partnerships importing them.

Sent by partnerships services (never by model saves), inside their transaction, with `sender`
the model class:
- convention_terminated(termination=Termination, by=User): a denunciation or a termination is
  recorded; seed 001 art. 9, "la résiliation mettra fin à l'aide apportée par le Département
  qui pourra exiger le reversement des sommes versées non encore engagées". A receiver that
  raises a ValidationError refuses the termination: nothing is written.
- convention_signing(convention=Convention, signed_on=date, by=User): the last signature is
  about to be recorded. A receiver that raises a ValidationError refuses the signature
  (governance: a convention is not signed before the deliberation authorising it is
  enforceable, seed 001 "Envoi au contrôle de légalité … Publication électronique …").
"""

from django.dispatch import Signal

convention_terminated = Signal()
convention_signing = Signal()
