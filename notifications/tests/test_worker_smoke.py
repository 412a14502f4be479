import pytest
from django.db import transaction

from notifications.models import Notification
from notifications.services import notify
from staff.tests.factories import UserFactory


@pytest.mark.worker
def test_it_sends_the_email_from_a_real_worker(celery_worker):
    worker = celery_worker()
    person = UserFactory()
    with transaction.atomic():
        notification = notify(recipient=person, kind="test_message", key="smoke:1", link="/")
    worker.wait_for_log("succeeded", timeout=30)
    notification.refresh_from_db()
    assert notification.email_status == Notification.EmailStatus.SENT
