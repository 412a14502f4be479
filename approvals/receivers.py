"""How requests follow what happens to them elsewhere in the portal.

* A request for a new social-media account is complete once the account's
  credentials are on the register: approving it put the account there awaiting
  registration, and registering is the last thing it asks for.
"""

from __future__ import annotations

from django.dispatch import receiver

from accounts_registry.signals import account_registered

from .models import Request
from .services import request_complete


@receiver(account_registered, dispatch_uid="approvals.account_registered")
def complete_after_account_registered(sender, account, actor, **kwargs) -> None:
    if account.source_request_id is None:
        return
    request = Request.objects.filter(pk=account.source_request_id).first()
    if request is not None:
        request_complete(request=request, actor=actor)
