import datetime as dt

import pytest

from audit.models import AuditEvent
from kernel.csvimport import ImportFileError, decode_csv
from staff.importing import validate_staff_csv
from staff.models import StaffType, Team, User
from staff.services import staff_import
from staff.tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = "email,full_name,job_title,team,staff_type,line_manager_email,start_date,leaving_date,mailbox_nominee_email\n"


def csv(*lines, header=HEADER):
    return header + "".join(line + "\n" for line in lines)


def reasons(result):
    return {error.line: error.reasons for error in result.errors}


GOOD = csv(
    "ann.boss@opcc.example.org,Ann Boss,Head of Policy,Policy,Permanent,,2020-01-06,,bob.report@opcc.example.org",
    "bob.report@opcc.example.org,Bob Report,Policy Officer,Policy,agency,ann.boss@opcc.example.org,06/01/2021,,",
)


def test_a_good_file_passes_with_a_preview():
    result = validate_staff_csv(GOOD)
    assert result.ok
    assert [(row.line, row.email, row.status) for row in result.rows] == [
        (2, "ann.boss@opcc.example.org", "new"),
        (3, "bob.report@opcc.example.org", "new"),
    ]
    assert result.teams_to_create == ["Policy"]
    assert result.rows[1].values["staff_type"] == StaffType.AGENCY
    assert result.rows[1].values["start_date"] == dt.date(2021, 1, 6)


def test_one_bad_row_is_reported_with_its_line_number_and_nothing_passes():
    result = validate_staff_csv(GOOD + "carl@opcc.example.org,Carl,,,Permanent,,31/02/2021,,\n")
    assert not result.ok
    assert result.rows == []
    assert reasons(result) == {
        4: ["The start date '31/02/2021' is not a date; write it as YYYY-MM-DD or DD/MM/YYYY."]
    }


def test_every_bad_row_is_reported():
    result = validate_staff_csv(
        csv(
            "someone@gmail.com,Someone,,,,,,,",
            ",No Email,,,,,,,",
            "not-an-email,Bad,,,,,,,",
            "dee@opcc.example.org,,,,intern,,,,",
            "eve@opcc.example.org,Eve,,,,,2024-05-01,2024-04-01,",
            "fay@opcc.example.org,Fay,,,,fay@opcc.example.org,,,fay@opcc.example.org",
        )
    )
    assert reasons(result) == {
        2: ["The email address someone@gmail.com is not an @opcc.example.org address."],
        3: ["The email address is missing."],
        4: ["'not-an-email' is not an email address."],
        5: [
            "The full name is missing.",
            "The staff type 'intern' is not one of: Permanent, Temporary, Agency, Contractor, "
            "Volunteer, Work experience, Board member.",
        ],
        6: ["The leaving date is before the start date."],
        7: [
            "A person cannot be their own line manager.",
            "A person cannot be their own mailbox nominee.",
        ],
    }


def test_line_numbers_count_blank_lines_and_quoted_line_breaks():
    result = validate_staff_csv(
        csv(
            "",
            'ann@opcc.example.org,Ann,"Head of\nPolicy",,,,,,',
            "bad@example.com,Bad,,,,,,,",
        )
    )
    assert list(reasons(result)) == [5]


def test_a_duplicate_email_names_the_first_line():
    result = validate_staff_csv(GOOD + "Ann.Boss@opcc.example.org,Ann Again,,,,,,,\n")
    assert reasons(result) == {4: ["This email address is also on line 2."]}


def test_a_line_manager_must_be_in_the_file_or_current_staff():
    UserFactory(email="gone@opcc.example.org", is_active=False)
    UserFactory(email="here@opcc.example.org")
    result = validate_staff_csv(
        csv(
            "a@opcc.example.org,A,,,,nobody@opcc.example.org,,,",
            "b@opcc.example.org,B,,,,gone@opcc.example.org,,,",
            "c@opcc.example.org,C,,,,here@opcc.example.org,,,",
        )
    )
    assert reasons(result) == {
        2: [
            "The line manager nobody@opcc.example.org is not in this file and not among current staff."
        ],
        3: ["The line manager gone@opcc.example.org is no longer active."],
    }


def test_a_reporting_loop_in_the_file_is_refused_on_every_line_in_it():
    result = validate_staff_csv(
        csv(
            "a@opcc.example.org,A,,,,b@opcc.example.org,,,",
            "b@opcc.example.org,B,,,,c@opcc.example.org,,,",
            "c@opcc.example.org,C,,,,a@opcc.example.org,,,",
            "d@opcc.example.org,D,,,,a@opcc.example.org,,,",
        )
    )
    assert sorted(reasons(result)) == [2, 3, 4]
    assert reasons(result)[2] == [
        "This would create a reporting loop: a@opcc.example.org reports to b@opcc.example.org, "
        "who reports to c@opcc.example.org, who reports to a@opcc.example.org."
    ]


def test_a_reporting_loop_through_existing_staff_is_refused(manager):
    # Riley reports to Morgan already; making Morgan report to Riley closes the loop.
    result = validate_staff_csv(csv(f"{manager.email},Morgan Manager,,,,{manager.report.email},,,"))
    assert list(reasons(result)) == [2]
    assert "reporting loop" in reasons(result)[2][0]


def test_needs_a_header_line():
    result = validate_staff_csv(
        "ann@opcc.example.org,Ann\n",
    )
    assert reasons(result) == {
        1: [
            "The first line must be a header naming the columns: email, full_name, job_title, team, "
            "staff_type, line_manager_email, start_date, leaving_date, mailbox_nominee_email."
        ]
    }


def test_names_unknown_and_missing_columns():
    result = validate_staff_csv("emial,full name,grade\nann@opcc.example.org,Ann,5\n")
    assert reasons(result)[1] == [
        "Unknown column 'emial'. The columns are: email, full_name, job_title, team, staff_type, "
        "line_manager_email, start_date, leaving_date, mailbox_nominee_email.",
        "Unknown column 'grade'. The columns are: email, full_name, job_title, team, staff_type, "
        "line_manager_email, start_date, leaving_date, mailbox_nominee_email.",
        "The header has no 'email' column; it is required.",
    ]


def test_refuses_a_line_with_too_many_values():
    result = validate_staff_csv("email,full_name\nann@opcc.example.org,Ann,extra\n")
    assert reasons(result) == {2: ["This line has 3 values but the header names 2 columns."]}


def test_an_existing_person_is_matched_by_email_and_shows_what_changes(manager):
    result = validate_staff_csv(
        f"email,full_name,job_title\n{manager.email.upper()},Morgan Manager,Director\n"
    )
    [row] = result.rows
    assert (row.status, row.changes) == ("updated", ["job title"])


def test_decoding_refuses_binary_and_non_utf8_files():
    with pytest.raises(ImportFileError, match="not a CSV text file"):
        decode_csv(b"PK\x03\x04\x00\x00spreadsheet")
    with pytest.raises(ImportFileError, match="not UTF-8"):
        decode_csv("email,full_name\nzoë@opcc.example.org,Zoë\n".encode("latin-1"))
    assert decode_csv("\ufeffemail,full_name\n".encode()) == "email,full_name\n"


def test_import_creates_people_with_managers_nominees_and_teams(admin_user):
    result = validate_staff_csv(GOOD)
    summary = staff_import(rows=result.rows, actor=admin_user)
    ann = User.objects.get(email="ann.boss@opcc.example.org")
    bob = User.objects.get(email="bob.report@opcc.example.org")
    assert (summary.created, summary.updated, summary.teams_created) == (2, 0, ["Policy"])
    assert bob.line_manager == ann
    assert ann.mailbox_nominee == bob  # Bob comes later in the file than Ann
    assert ann.team == bob.team == Team.objects.get(name="Policy")
    assert not ann.has_usable_password()
    imported = AuditEvent.objects.get(action="staff.imported")
    assert imported.actor == admin_user
    assert imported.details == {
        "rows": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "teams_created": ["Policy"],
    }
    assert AuditEvent.objects.filter(action="staff.created").count() == 2


def test_import_creates_a_manager_listed_after_their_report(admin_user):
    result = validate_staff_csv(
        csv(
            "bob@opcc.example.org,Bob,,,,ann@opcc.example.org,,,",
            "ann@opcc.example.org,Ann,,,,,,,",
        )
    )
    staff_import(rows=result.rows, actor=admin_user)
    assert (
        User.objects.get(email="bob@opcc.example.org").line_manager.email == "ann@opcc.example.org"
    )


def test_import_updates_existing_people_and_leaves_out_columns_alone(admin_user, manager):
    TeamFactory(name="Policy")
    manager.report.staff_type = StaffType.CONTRACTOR
    manager.report.save()
    result = validate_staff_csv(
        f"email,full_name,team,staff_type\n{manager.report.email},Riley Report-Smith,policy,\n"
    )
    summary = staff_import(rows=result.rows, actor=admin_user)
    riley = User.objects.get(pk=manager.report.pk)
    assert (summary.created, summary.updated) == (0, 1)
    assert riley.full_name == "Riley Report-Smith"
    assert riley.team.name == "Policy"  # matched whatever the case
    assert riley.line_manager == manager  # no line_manager_email column: unchanged
    assert riley.staff_type == StaffType.CONTRACTOR  # empty staff type: unchanged
    changed = AuditEvent.objects.get(action="staff.changed")
    assert set(changed.details) == {"full_name", "team"}


def test_importing_the_same_file_twice_changes_nothing_the_second_time(admin_user):
    staff_import(rows=validate_staff_csv(GOOD).rows, actor=admin_user)
    result = validate_staff_csv(GOOD)
    assert [row.status for row in result.rows] == ["unchanged", "unchanged"]
    summary = staff_import(rows=result.rows, actor=admin_user)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 2)
    assert (
        AuditEvent.objects.filter(action="staff.changed").count() == 1
    )  # Ann's nominee, first time
