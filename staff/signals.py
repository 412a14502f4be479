"""Signals the staff app sends for the apps above it.

``staff_changed`` (sender, ``user_ids``) is sent once the transaction commits,
whenever a staff record is created or changes in a way that can change what the
person owes: their team, staff type, dates, or whether they may sign in.
"""

from django.dispatch import Signal

staff_changed = Signal()
