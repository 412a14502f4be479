"""Changes made in Django admin, written to the audit trail.

Django admin is the one place where a model can change without going through a
service. Every admin page that can add, change or delete is an ``AuditedAdmin``
(a test walks the admin site to make sure), which records, in the same
transaction as the change:

- an object added, changed or deleted on its page or in a list, and the objects
  of its inlines (``admin.added``, ``admin.changed``, ``admin.deleted``);
- an action run on selected objects (``admin.action_run``); deleting selected
  objects records each one as deleted.

Each event names the model, the object and the fields that changed, never their
values: a value could be a secret (a task's arguments, an authenticator's seed),
and the object's own page shows what it holds now. An admin whose saving goes
through a service, which writes its own event, overrides ``save_model``; its
inlines and deletions are still recorded here. ``audit_details`` adds what an
event needs to make sense (e.g. whose authenticator it was).
"""

from __future__ import annotations

from functools import wraps

from django.contrib import admin
from django.db import transaction

from .audit_actions import AdminAction
from .services import audit_log

# An action on thousands of objects names the first few and counts them all.
MOST_IDS_NAMED = 100


class AuditedAdmin(admin.ModelAdmin):
    """A ``ModelAdmin`` whose every change reaches the audit trail."""

    def audit_details(self, obj) -> dict:
        """More to record about ``obj`` (of this page's model) than its name; never a secret."""
        return {}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and not form.changed_data:
            return
        self._record(
            request,
            obj,
            action=AdminAction.CHANGED if change else AdminAction.ADDED,
            fields=form.changed_data,
        )

    def save_formset(self, request, form, formset, change):
        # Recorded first: once deleted, an object has no primary key to name.
        for inline_form in formset.deleted_forms:
            if inline_form.instance.pk is not None:
                self._record(request, inline_form.instance, action=AdminAction.DELETED)
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            self._record(request, obj, action=AdminAction.ADDED)
        for obj, fields in formset.changed_objects:
            self._record(request, obj, action=AdminAction.CHANGED, fields=fields)

    @transaction.atomic
    def delete_model(self, request, obj):
        self._record(request, obj, action=AdminAction.DELETED)
        super().delete_model(request, obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._record(request, obj, action=AdminAction.DELETED)
        super().delete_queryset(request, queryset)

    def get_actions(self, request):
        actions = super().get_actions(request)
        return {
            name: (
                func if name == "delete_selected" else _audited_action(func, name),
                name,
                description,
            )
            for name, (func, name, description) in actions.items()
        }

    def _record(self, request, obj, *, action: AdminAction, fields=()) -> None:
        details = {"model": obj._meta.label_lower}
        if isinstance(obj, self.model):
            details.update(self.audit_details(obj))
        if fields:
            details["fields"] = list(fields)
        audit_log(action=action, target=obj, request=request, details=details)


def _audited_action(func, name: str):
    """``func``, an admin action, recording who ran it on which objects before it runs."""

    @wraps(func)
    @transaction.atomic
    def run(modeladmin, request, queryset):
        ids = [str(pk) for pk in queryset.values_list("pk", flat=True)]
        audit_log(
            action=AdminAction.ACTION_RUN,
            request=request,
            details={
                "model": modeladmin.model._meta.label_lower,
                "admin_action": name,
                "count": len(ids),
                "ids": ids[:MOST_IDS_NAMED],
            },
        )
        return func(modeladmin, request, queryset)

    return run
