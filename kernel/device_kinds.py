"""The kinds of device the organisation issues.

The vocabulary is shared: the organisation settings say which staff types may be
issued each kind, declaration kinds say which kinds call for a declaration, and
the device register records each device's kind.
"""

from django.db import models


class DeviceKind(models.TextChoices):
    PHONE = "phone", "Mobile phone"
    TABLET = "tablet", "Tablet"
    LAPTOP = "laptop", "Laptop"
    TOKEN = "token", "Smartcard or token"
    BODY_CAMERA = "body_camera", "Body-worn camera"
    OTHER = "other", "Other"
