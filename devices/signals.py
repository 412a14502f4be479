"""Signals the devices app sends for the apps above it.

``holdings_changed`` (sender, ``user_ids``) is sent once the transaction commits,
whenever who holds which device changes: declarations owed for holding a device
follow it.
"""

from django.dispatch import Signal

holdings_changed = Signal()
