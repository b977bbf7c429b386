"""Convention events other apps react to, without partnerships importing them.

Sent by partnerships services (never by model saves), inside their transaction, with `sender`
the model class:
- convention_terminated(termination=Termination, by=User): a denunciation or a termination is
  recorded; seed 001 art. 9, "la résiliation mettra fin à l'aide apportée par le Département
  qui pourra exiger le reversement des sommes versées non encore engagées". A receiver that
  raises a ValidationError refuses the termination: nothing is written.
"""

from django.dispatch import Signal

convention_terminated = Signal()
