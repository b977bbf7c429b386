"""Money is a Decimal with two places, never a float (docs/architecture.md)."""

from decimal import Decimal

ZERO = Decimal("0.00")
