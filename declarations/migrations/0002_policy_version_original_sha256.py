"""Keep the SHA-256 of each version's original document, and store each under a name of its own.

Versions uploaded before this get the SHA-256 of the file stored for them now, so
that any later change to it shows; a version whose file is no longer in storage
is left without one, which the pages show as "not recorded".
"""

import hashlib

import declarations.models
from django.core.files.storage import default_storage
from django.db import migrations, models


def record_sha256_of_stored_originals(apps, schema_editor):
    PolicyVersion = apps.get_model("declarations", "PolicyVersion")
    for version in PolicyVersion.objects.exclude(original_file="").filter(original_sha256=""):
        digest = hashlib.sha256()
        try:
            with default_storage.open(version.original_file.name, "rb") as handle:
                for chunk in handle.chunks():
                    digest.update(chunk)
        except FileNotFoundError:
            continue
        version.original_sha256 = digest.hexdigest()
        version.save(update_fields=["original_sha256"])


class Migration(migrations.Migration):

    dependencies = [
        ('declarations', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='policyversion',
            name='original_sha256',
            field=models.CharField(blank=True, editable=False, help_text='SHA-256 of the original document as uploaded; blank if none was recorded.', max_length=64),
        ),
        migrations.AlterField(
            model_name='policyversion',
            name='original_file',
            field=models.FileField(blank=True, upload_to=declarations.models.original_file_name),
        ),
        migrations.RunPython(record_sha256_of_stored_originals, migrations.RunPython.noop),
    ]
