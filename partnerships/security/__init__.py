"""Authentication hardening: second factor, session timeouts, re-authentication, headers.

docs/security.md explains what each part protects against and how it is tested.
"""

from partnerships.security.policy import (
    needs_second_factor,
    recent_auth_required,
    recently_authenticated,
)

__all__ = ["needs_second_factor", "recent_auth_required", "recently_authenticated"]
