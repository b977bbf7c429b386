"""The link of an invitation: a person chooses their first password with it.

It is Django's password-reset token (spent once a password is set, since the token hashes
the password), signed with its own salt so that a reset link is never an invitation link and
the other way round, and valid INVITATION_TIMEOUT (3 days) instead of the hour of a reset
link (PASSWORD_RESET_TIMEOUT): an invitation waits in a mailbox longer than a reset asked for
a minute ago.
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "maillage.partnerships.tokens.InvitationTokenGenerator"

    def check_token(self, user, token) -> bool:
        if not (user and token) or token.count("-") != 1:
            return False
        try:
            issued = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        if self._num_seconds(self._now()) - issued > settings.INVITATION_TIMEOUT:
            return False
        return any(
            constant_time_compare(self._make_token_with_timestamp(user, issued, secret), token)
            for secret in (self.secret, *self.secret_fallbacks)
        )


invitation_token_generator = InvitationTokenGenerator()
