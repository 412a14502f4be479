import factory

from notifications.models import Notification
from staff.tests.factories import UserFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    """A notification already emailed; use ``notify`` to test sending."""

    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = "test_message"
    subject = factory.Sequence(lambda n: f"Notification {n}")
    body_text = "Hello,\n\nSomething in the portal needs you.\n"
    link = "/"
    idempotency_key = factory.Sequence(lambda n: f"factory:{n}")
    email_status = Notification.EmailStatus.SENT
