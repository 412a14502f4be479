"""Who may see the register, an account and its credentials, and who may change them.

* **The whole register** is seen by the communications team, who keep it, the
  accounts authority (``selectors``), auditors and administrators. Auditors and
  administrators read it and change nothing (unless an account is theirs).
* **Everyone else** sees the accounts they own, administer, moderate or have
  access to today, and one offered to them in a hand-over they have not answered.
* **Managing** an account (its details, credentials, who has access, its apps) is
  for the communications team and the account's owner and administrator. Handing
  an account over and closing it are for the owner and the communications team.
* **Revealing** a credential is for the owner, the account's administrator, the
  communications team and the accounts authority, each with a second factor set
  up. Earlier passwords, kept for recovery after a hack, only the accounts
  authority sees.
* Apps the communications team connected only the communications team removes
  (003 §3.13); only the owner confirms the annual review; only the person an
  account is offered to accepts or declines it; only the communications team
  records existing accounts and clears "at risk".
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from kernel.access import has_mfa, uses_role
from kernel.roles import RoleKey

from .models import Account, ConnectedApp, Handover
from .selectors import is_accounts_authority, reaching


def is_communications(user) -> bool:
    """A member of the communications team, with a second factor: they keep the register."""
    return uses_role(user, RoleKey.COMMUNICATIONS)


def may_see_register(user) -> bool:
    """Whether the person sees every account on the register."""
    return uses_role(
        user, RoleKey.COMMUNICATIONS, RoleKey.AUDITOR, RoleKey.ADMINISTRATOR
    ) or is_accounts_authority(user)


def visible_accounts(user) -> QuerySet[Account]:
    """Every account this person may see: the register, or their own accounts."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Account.objects.none()
    if may_see_register(user):
        return Account.objects.all()
    offered = Handover.objects.pending().filter(to_owner=user).values("account_id")
    return Account.objects.filter(reaching(user) | Q(pk__in=offered))


def get_account_for_user(user, pk: int) -> Account:
    """The account, if this person may see it; otherwise not found."""
    try:
        return (
            visible_accounts(user)
            .select_related("owner", "moderator", "administrator", "team", "closed_by")
            .get(pk=pk)
        )
    except Account.DoesNotExist as error:
        raise Http404 from error


def _is_owner(user, account: Account) -> bool:
    return getattr(user, "pk", None) is not None and account.owner_id == user.pk


def _is_administrator(user, account: Account) -> bool:
    return getattr(user, "pk", None) is not None and account.administrator_id == user.pk


def may_add_accounts(user) -> bool:
    """Recording an account that exists already is for the communications team."""
    return is_communications(user)


def may_manage(user, account: Account) -> bool:
    """Details, credentials, people with access and apps: the communications team, the
    owner and the administrator."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return _is_owner(user, account) or _is_administrator(user, account) or is_communications(user)


def may_hand_over_or_close(user, account: Account) -> bool:
    """The owner passes an account on or closes it; the communications team may too."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return _is_owner(user, account) or is_communications(user)


def may_reveal(user, account: Account) -> bool:
    """The owner, the administrator, the communications team and the accounts authority,
    each with a second factor set up."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or not has_mfa(user):
        return False
    return (
        _is_owner(user, account)
        or _is_administrator(user, account)
        or is_communications(user)
        or is_accounts_authority(user)
    )


def may_see_earlier_passwords(user) -> bool:
    """Earlier passwords, kept for recovery after a hack: the accounts authority only."""
    return is_accounts_authority(user)


def may_remove_app(user, app: ConnectedApp) -> bool:
    """An app the communications team connected stays unless they remove it (003 §3.13)."""
    if app.by_communications:
        return is_communications(user)
    return may_manage(user, app.account)


def may_review(user, account: Account) -> bool:
    """The owner confirms the annual review."""
    return _is_owner(user, account) and user.is_active


def may_answer_handover(user, handover: Handover) -> bool:
    """The person an account is offered to accepts or declines it."""
    return getattr(user, "pk", None) == handover.to_owner_id and user.is_active


def may_clear_at_risk(user) -> bool:
    return is_communications(user)


def may_export(user) -> bool:
    """The register as CSV (never with credentials): whoever sees all of it."""
    return may_see_register(user)
