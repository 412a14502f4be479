"""Every change made in Django admin reaches the audit trail, or the page refuses to make it."""

import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.urls import reverse
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from audit.admin_audit import AuditedAdmin
from audit.models import AuditEvent
from audit.tests.admin_pages import admin_form
from staff.admin import UserAdmin
from staff.tests.factories import enable_totp

pytestmark = pytest.mark.django_db

# Pages that save through a service, which writes its own audit event.
SAVED_THROUGH_SERVICES = {UserAdmin}
AUDITED_METHODS = ["save_model", "save_formset", "delete_model", "delete_queryset", "get_actions"]


@pytest.fixture
def task():
    every_day = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.DAYS)
    return PeriodicTask.objects.create(
        name="Nightly leavers",
        task="staff.tasks.deactivate_leavers",
        interval=every_day,
        kwargs=json.dumps({"token": "kwarg-secret-value"}),
    )


def events(action: str):
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


def test_every_admin_page_that_can_change_something_is_audited(rf, superuser):
    request = rf.get("/django-admin/")
    request.user = superuser
    unaudited = []
    for model, model_admin in admin.site._registry.items():
        changes = (
            model_admin.has_add_permission(request)
            or model_admin.has_change_permission(request)
            or model_admin.has_delete_permission(request)
        )
        if changes and not isinstance(model_admin, AuditedAdmin):
            unaudited.append(model._meta.label)
    assert unaudited == []


def test_no_audited_page_saves_around_the_audit_unless_through_a_service():
    for model_admin in admin.site._registry.values():
        if not isinstance(model_admin, AuditedAdmin) or type(model_admin) in SAVED_THROUGH_SERVICES:
            continue
        for name in AUDITED_METHODS:
            mro = type(model_admin).__mro__
            defined_in = next(cls for cls in mro if name in vars(cls))
            assert defined_in is AuditedAdmin, f"{type(model_admin).__name__}.{name}"


def test_deleting_an_authenticator_is_recorded(superuser_client, superuser, person):
    secret = enable_totp(person)
    authenticator = Authenticator.objects.get(user=person)

    response = superuser_client.post(
        reverse("admin:mfa_authenticator_delete", args=[authenticator.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not Authenticator.objects.filter(pk=authenticator.pk).exists()
    [event] = events("admin.deleted")
    assert event.actor == superuser
    assert event.target_type == "mfa.authenticator"
    assert event.target_id == str(authenticator.pk)
    assert event.details == {"model": "mfa.authenticator", "person": person.email, "type": "totp"}
    assert secret not in json.dumps(event.details) + event.target_label


def test_changing_a_periodic_task_names_the_fields_not_their_values(superuser_client, task):
    url = reverse("admin:django_celery_beat_periodictask_change", args=[task.pk])
    data = admin_form(superuser_client, url)
    del data["enabled"]
    data["kwargs"] = [json.dumps({"token": "another-secret-value"})]

    response = superuser_client.post(url, data)

    assert response.status_code == 302, response.content
    task.refresh_from_db()
    assert not task.enabled
    [event] = events("admin.changed")
    assert event.target_id == str(task.pk)
    assert event.details == {
        "model": "django_celery_beat.periodictask",
        "fields": ["enabled", "kwargs"],
    }
    assert "secret-value" not in json.dumps(event.details)


def test_saving_a_page_unchanged_records_nothing(superuser_client, task):
    url = reverse("admin:django_celery_beat_periodictask_change", args=[task.pk])

    response = superuser_client.post(url, admin_form(superuser_client, url))

    assert response.status_code == 302, response.content
    assert not events("admin.changed")


def test_an_action_on_selected_tasks_is_recorded(superuser_client, superuser, task):
    response = superuser_client.post(
        reverse("admin:django_celery_beat_periodictask_changelist"),
        {"action": "disable_tasks", "_selected_action": [task.pk]},
    )

    assert response.status_code == 302
    task.refresh_from_db()
    assert not task.enabled
    [event] = events("admin.action_run")
    assert event.actor == superuser
    assert event.details == {
        "model": "django_celery_beat.periodictask",
        "admin_action": "disable_tasks",
        "count": 1,
        "ids": [str(task.pk)],
    }


def test_deleting_selected_tasks_records_each_one(superuser_client, task):
    other = PeriodicTask.objects.create(
        name="Reminders", task="declarations.tasks.send_reminders", interval=task.interval
    )

    response = superuser_client.post(
        reverse("admin:django_celery_beat_periodictask_changelist"),
        {"action": "delete_selected", "_selected_action": [task.pk, other.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert not PeriodicTask.objects.exists()
    assert {event.target_id for event in events("admin.deleted")} == {str(task.pk), str(other.pk)}
    assert not events("admin.action_run")


def test_changing_a_sign_in_address_is_recorded(superuser_client, person):
    address = EmailAddress.objects.create(user=person, email=person.email, verified=False)
    url = reverse("admin:account_emailaddress_change", args=[address.pk])
    data = admin_form(superuser_client, url)
    data["verified"] = ["on"]

    response = superuser_client.post(url, data)

    assert response.status_code == 302, response.content
    [event] = events("admin.changed")
    assert event.target_type == "account.emailaddress"
    assert event.details == {"model": "account.emailaddress", "fields": ["verified"]}
