"""Requests and tasks in Django admin: readable, never changeable, no internal notes."""

import pytest
from django.urls import reverse

from approvals.models import Comment

from .factories import RequestFactory, TaskFactory

pytestmark = pytest.mark.django_db


def test_shows_a_request_with_its_steps_but_not_its_notes(superuser_client):
    request = RequestFactory(summary="Software: Audacity", investigation_reason="Secret reason")
    Comment.objects.create(
        request=request, author=request.requester, body="Private note", internal=True
    )

    listed = superuser_client.get(reverse("admin:approvals_request_changelist"))
    page = superuser_client.get(reverse("admin:approvals_request_change", args=[request.pk]))

    assert "Software: Audacity" in listed.content.decode()
    assert page.status_code == 200
    assert "Private note" not in page.content.decode()
    assert "Secret reason" not in page.content.decode()


def test_nothing_can_be_added_changed_or_deleted(superuser_client):
    request = RequestFactory()
    task = TaskFactory()

    assert superuser_client.get(reverse("admin:approvals_request_add")).status_code == 403
    assert (
        superuser_client.post(
            reverse("admin:approvals_request_change", args=[request.pk]), {"status": "approved"}
        ).status_code
        == 403
    )
    assert (
        superuser_client.get(reverse("admin:approvals_task_delete", args=[task.pk])).status_code
        == 403
    )
