from django.db import migrations

from staff.roles import ensure_default_roles


def add_roles(apps, schema_editor):
    ensure_default_roles(apps.get_model("staff", "Role"))


class Migration(migrations.Migration):
    dependencies = [("staff", "0001_initial")]

    operations = [migrations.RunPython(add_roles, migrations.RunPython.noop)]
