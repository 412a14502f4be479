from django.db import migrations

from staff.roles import DEFAULT_ROLES


def add_roles(apps, schema_editor):
    Role = apps.get_model("staff", "Role")
    for key, name, description in DEFAULT_ROLES:
        Role.objects.get_or_create(
            key=key, defaults={"name": name, "description": description, "privileged": True}
        )


class Migration(migrations.Migration):
    dependencies = [("staff", "0001_initial")]

    operations = [migrations.RunPython(add_roles, migrations.RunPython.noop)]
