"""Signals the register sends for the apps above it.

``account_registered`` (sender, ``account``, ``actor``) is sent when an account's
credentials are first registered, inside the transaction that registers them, so
that whatever follows from it (the request the account came from being completed)
is kept or undone with the registration.
"""

from django.dispatch import Signal

account_registered = Signal()
