from django.db import migrations

from staff.roles import ensure_default_roles


def add_roles(apps, schema_editor):
    ensure_default_roles(apps.get_model("staff", "Role"))


class Migration(migrations.Migration):
    """Human resources, who start leaver cases, joins the roles every organisation has."""

    dependencies = [("leavers", "0001_initial"), ("staff", "0002_default_roles")]

    operations = [migrations.RunPython(add_roles, migrations.RunPython.noop)]
