"""Remove the sign-in addresses allauth kept after a person's work email changed.

Before the staff services kept allauth's addresses in step with the work email,
an old address stayed with the person after a change: it still signed them in,
and a password reset for it reached them even once someone else had been given
it. Only rows that no longer match their person's work email go; the rest are
made primary and verified the next time the email is set.
"""

from django.db import migrations


def remove_left_behind_addresses(apps, schema_editor):
    EmailAddress = apps.get_model("account", "EmailAddress")
    left_behind = [
        address.pk
        for address in EmailAddress.objects.select_related("user").iterator()
        if address.email.lower() != address.user.email.lower()
    ]
    EmailAddress.objects.filter(pk__in=left_behind).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("staff", "0004_user_session_version"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [
        migrations.RunPython(remove_left_behind_addresses, migrations.RunPython.noop),
    ]
