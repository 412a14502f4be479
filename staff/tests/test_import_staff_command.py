import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.models import AuditEvent
from staff.models import User

pytestmark = pytest.mark.django_db

GOOD = (
    "email,full_name,team,line_manager_email\n"
    "ann@opcc.example.org,Ann Boss,Policy,\n"
    "bob@opcc.example.org,Bob Report,Policy,ann@opcc.example.org\n"
)


@pytest.fixture
def csv_file(tmp_path):
    def write(text):
        path = tmp_path / "staff.csv"
        path.write_text(text, encoding="utf-8")
        return path

    return write


def test_imports_a_good_file(csv_file, capsys):
    call_command("import_staff", str(csv_file(GOOD)))
    assert "Imported: 2 new, 0 updated, 0 unchanged." in capsys.readouterr().out
    assert (
        User.objects.get(email="bob@opcc.example.org").line_manager.email == "ann@opcc.example.org"
    )
    assert AuditEvent.objects.filter(action="staff.imported").count() == 1


def test_a_dry_run_imports_nothing(csv_file, capsys):
    call_command("import_staff", str(csv_file(GOOD)), "--dry-run")
    out = capsys.readouterr().out
    assert "2 new, 0 updated, 0 unchanged; teams to create: Policy." in out
    assert "Dry run" in out
    assert not User.objects.exists()


def test_lists_bad_lines_and_fails_without_importing(csv_file, capsys):
    path = csv_file(GOOD + "carl@example.com,Carl,Policy,\n")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_staff", str(path))
    assert (
        "line 4: The email address carl@example.com is not an @opcc.example.org address."
        in capsys.readouterr().err
    )
    assert not User.objects.exists()


def test_fails_on_a_file_it_cannot_read(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_staff", str(tmp_path / "missing.csv"))
    (tmp_path / "sheet.csv").write_bytes(b"PK\x03\x04\x00")
    with pytest.raises(CommandError, match="not a CSV text file"):
        call_command("import_staff", str(tmp_path / "sheet.csv"))
