"""The demo organisation's policies, kinds of declaration and signing history."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from audit.models import AuditEvent
from declarations.compliance import ComplianceFilters, compliance_outstanding, compliance_summary
from declarations.demo import ANNUAL, CONFIDENTIALITY, DEVICE, SOP, declarations_demo_seed
from declarations.models import (
    Declaration,
    DeclarationKind,
    Policy,
    PolicyVersion,
    Requirement,
)
from declarations.requirements import requirements_refresh
from declarations.services import policy_text_sha256, shown_text_sha256
from devices.models import Device
from kernel.roles import RoleKey
from staff.models import User
from staff.tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def seed(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", TEST_PASSWORD)
    call_command("seed_demo")


def snapshot():
    return {
        "policies": sorted(Policy.objects.values_list("title", "slug")),
        "versions": sorted(PolicyVersion.objects.values_list("policy__title", "number", "body_sha256", "published_at")),
        "kinds": sorted(DeclarationKind.objects.values_list("key", "name", "cycle")),
        "statements": sorted(DeclarationKind.objects.values_list("key", "statements__text")),
        "holders": sorted(Device.objects.values_list("asset_tag", "holder__email", "issued_on")),
        "requirements": sorted(Requirement.objects.values_list(
            "user__email", "kind__key", "cycle_key", "due_date", "status", "extended_to")),
        "declarations": sorted(Declaration.objects.values_list("requirement_id", "signed_at", "text_sha256")),
        "audit_events": AuditEvent.objects.count(),
    }  # fmt: skip


@pytest.fixture
def seeded(monkeypatch):
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, 0, tzinfo=LONDON), tick=False):
        seed(monkeypatch)
        yield


def test_adds_the_policies_and_the_four_kinds_of_declaration(seeded):
    assert Policy.objects.count() == 3
    assert set(DeclarationKind.objects.values_list("key", flat=True)) == {ANNUAL, DEVICE, SOP, CONFIDENTIALITY}
    for version in PolicyVersion.objects.all():
        assert version.is_published and version.body_sha256 == policy_text_sha256(version.body_markdown)
        assert version.body_markdown.startswith("## 1. ")
    for kind in DeclarationKind.objects.all():
        assert kind.statements.count() >= 3
    assert DeclarationKind.objects.get(key=ANNUAL).questions.count() == 2
    assert Device.objects.filter(status=Device.Status.ISSUED, kind="phone").count() == 13
    assert DeclarationKind.objects.get(key=DEVICE).device_kinds_held == ["phone", "tablet"]
    assert DeclarationKind.objects.get(key=SOP).device_kinds_before_issue == ["phone", "tablet"]


def test_signed_declarations_carry_their_evidence(seeded):
    declaration = Declaration.objects.select_related("kind", "version", "user").first()
    assert declaration.requirement.status == Requirement.Status.SIGNED
    assert declaration.typed_name == declaration.user.full_name
    assert declaration.statements == list(declaration.kind.statements.values_list("text", flat=True))
    assert declaration.text_sha256 == shown_text_sha256(
        kind=declaration.kind, version=declaration.version, statements=declaration.statements
    )
    assert declaration.authentication[0]["method"] == "password"


def test_the_history_agrees_with_the_rules_of_what_people_owe(seeded):
    # The nightly run would change nothing: the demo wrote what the rules ask for.
    assert requirements_refresh() == 0


def test_there_is_a_spread_of_signed_due_soon_and_overdue_for_each_kind(seeded):
    chief = User.objects.get(role_assignments__role__key=RoleKey.CHIEF_EXECUTIVE)
    summary = compliance_summary(viewer=chief, filters=ComplianceFilters())

    assert summary.overall.people >= 35
    assert 0 < summary.overall.overdue < summary.overall.people // 2
    assert summary.overall.due_soon > 0
    for tally in summary.by_kind:
        assert tally.people > 0 and tally.compliant > 0, tally
        assert tally.overdue > 0, tally
    assert len(summary.by_team) == 6
    past = compliance_summary(viewer=chief, filters=ComplianceFilters(year=2025))
    assert past.overall.on_time > past.overall.late > 0


def test_the_demo_line_manager_has_reports_to_chase(seeded):
    jamal = User.objects.get(full_name="Jamal Edwards")
    overdue = compliance_outstanding(viewer=jamal, filters=ComplianceFilters())

    names = {requirement.user.full_name for requirement in overdue}
    assert names and names <= {"Fiona Gallagher", "Harriet Lowe", "Peter Nwosu"}


def test_one_person_has_been_given_more_time(seeded):
    extended = Requirement.objects.get(extended_to__isnull=False)
    assert extended.user.full_name == "Callum Reid"
    assert extended.extended_by.full_name == "Joanne Whittaker"
    assert AuditEvent.objects.filter(action="declaration.extended").count() == 1


def test_running_it_twice_changes_nothing(monkeypatch):
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, 0, tzinfo=LONDON), tick=False):
        seed(monkeypatch)
        before = snapshot()
        seed(monkeypatch)
        assert snapshot() == before
    with time_machine.travel(dt.datetime(2027, 1, 8, 9, 0, tzinfo=LONDON), tick=False):
        report = declarations_demo_seed()
        assert not report.created_anything
        assert snapshot()["requirements"] == before["requirements"]


@pytest.mark.parametrize("day", [dt.date(2026, 3, 20), dt.date(2027, 7, 1)])
def test_makes_a_consistent_history_whatever_the_day(monkeypatch, day):
    with time_machine.travel(dt.datetime.combine(day, dt.time(9), tzinfo=LONDON), tick=False):
        seed(monkeypatch)
        assert requirements_refresh() == 0
        assert not Declaration.objects.filter(signed_at__date__gt=day).exists()
        chief = User.objects.get(role_assignments__role__key=RoleKey.CHIEF_EXECUTIVE)
        summary = compliance_summary(viewer=chief, filters=ComplianceFilters())
        assert summary.overall.overdue > 0 and summary.overall.compliant > 0


def test_does_nothing_without_the_demo_staff():
    assert not declarations_demo_seed().created_anything
    assert not Policy.objects.exists()
