"""Which declarations a device calls for now depends on the device register.

Until now a person was marked as "holding an issued device" and a declaration
kind was owed by those marked. The register records the devices themselves, so:

1. every mark becomes a device to complete: an issued phone, tagged
   ``UNRECORDED-<n>``, issued to the person on the day they were marked from;
2. a kind owed by device holders becomes a kind owed by holders of a phone or a
   tablet (the portable devices the mobile-device declaration covers);
3. the marks and the old setting go.

The compliance figures are the same before and after: the same people hold a
phone from the same day.
"""

from django.db import migrations, models

# The kinds of device the old "holds an issued device" mark stood for.
MARKED_DEVICE_KINDS = ["phone", "tablet"]


def marks_to_devices(apps, schema_editor):
    """Make a device to complete for every person marked as holding one."""
    DeviceHolding = apps.get_model("declarations", "DeviceHolding")
    Device = apps.get_model("devices", "Device")
    DeviceEvent = apps.get_model("devices", "DeviceEvent")
    DeclarationKind = apps.get_model("declarations", "DeclarationKind")
    for number, holding in enumerate(DeviceHolding.objects.order_by("since", "pk"), start=1):
        device = Device.objects.create(
            kind="phone",
            asset_tag=f"UNRECORDED-{number}",
            model="Unrecorded phone",
            status="issued",
            holder_id=holding.user_id,
            issued_on=holding.since,
            to_complete=True,
            notes="Recorded from the earlier list of people holding an issued device.",
        )
        occurred_at = _start_of(holding.since)
        DeviceEvent.objects.create(
            device=device, action="issued", actor_id=holding.marked_by_id,
            person_id=holding.user_id, occurred_at=occurred_at,
            note="Recorded from the earlier list of people holding an issued device.",
        )
    DeclarationKind.objects.filter(audience_device_holders=True).update(
        device_kinds_held=MARKED_DEVICE_KINDS
    )


def devices_to_marks(apps, schema_editor):
    """Mark as holding a device everyone issued a phone or tablet (the way back)."""
    DeviceHolding = apps.get_model("declarations", "DeviceHolding")
    Device = apps.get_model("devices", "Device")
    DeclarationKind = apps.get_model("declarations", "DeclarationKind")
    since: dict[int, object] = {}
    for device in Device.objects.filter(
        status="issued", kind__in=MARKED_DEVICE_KINDS, holder__isnull=False
    ).order_by("issued_on"):
        since.setdefault(device.holder_id, device.issued_on)
    for user_id, day in since.items():
        DeviceHolding.objects.get_or_create(user_id=user_id, defaults={"since": day or _today()})
    Device.objects.filter(to_complete=True, asset_tag__startswith="UNRECORDED-").delete()
    for kind in DeclarationKind.objects.all():
        if kind.device_kinds_held:
            kind.audience_device_holders = True
            kind.save(update_fields=["audience_device_holders"])


def _start_of(day):
    import datetime as dt

    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))


def _today():
    from django.utils import timezone

    return timezone.localdate()


class Migration(migrations.Migration):

    dependencies = [
        ("declarations", "0003_requirement_held"),
        ("devices", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="declarationkind",
            name="device_kinds_held",
            field=models.JSONField(
                blank=True, default=list, verbose_name="kinds of device held",
                help_text="Holders of these kinds of device owe it yearly while they hold one; "
                "empty means holding a device does not matter.",
            ),
        ),
        migrations.AddField(
            model_name="declarationkind",
            name="device_kinds_before_issue",
            field=models.JSONField(
                blank=True, default=list, verbose_name="kinds of device it must come before",
                help_text="It must be signed before a device of one of these kinds is issued.",
            ),
        ),
        migrations.RunPython(marks_to_devices, devices_to_marks),
        migrations.RemoveField(model_name="declarationkind", name="audience_device_holders"),
        migrations.DeleteModel(name="DeviceHolding"),
    ]
