"""Administrators set up kinds of declaration: policy, cycle, audience, statements and questions."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from declarations.models import DeclarationKind, Requirement
from devices.services import device_issue, device_return
from devices.tests.factories import DeviceFactory
from kernel.roles import RoleKey
from staff.tests.factories import TeamFactory, UserFactory

from .factories import (
    ComprehensionQuestionFactory,
    DeclarationKindFactory,
    PolicyFactory,
    PolicyVersionFactory,
    StatementFactory,
)


def _formset(prefix, rows):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{name}": value for name, value in row.items()})
    return data


def _kind_data(policy, **fields):
    data = {
        "name": "Mobile device declaration", "key": "mobile-device", "policy": policy.pk,
        "cycle": "fixed_date", "fixed_month": "4", "fixed_day": "1",
        "device_kinds_held": ["phone", "tablet"], "device_kinds_before_issue": ["phone"],
        "new_starter_grace_days": "14", "active": "on", "order": "2",
        **_formset("statements", [
            {"text": "I will keep the device locked with a PIN."},
            {"text": "I will report its loss at once."},
            {"text": ""},
        ]),
        **_formset("questions", [
            {"question": "Lost your phone at night?", "choices": "Wait until morning\n* Report it straight away",
             "explanation": "A lost device is reported at once, day or night."},
        ]),
    }
    data.update(fields)
    return data


@pytest.fixture
def policy(db):
    return PolicyFactory(title="Mobile Device Security Operating Procedures")


def test_an_administrator_adds_a_kind_with_statements_and_a_question(mfa_client, admin_user, policy):
    response = mfa_client(admin_user).post(reverse("declarations:kind_create"), _kind_data(policy))
    assert response["Location"] == reverse("declarations:kinds")
    kind = DeclarationKind.objects.get(key="mobile-device")
    assert (kind.cycle, kind.fixed_month, kind.fixed_day) == ("fixed_date", 4, 1)
    assert kind.device_kinds_held == ["phone", "tablet"] and not kind.audience_everyone
    assert kind.device_kinds_before_issue == ["phone"]
    assert list(kind.statements.values_list("text", flat=True)) == [
        "I will keep the device locked with a PIN.", "I will report its loss at once.",
    ]
    question = kind.questions.get()
    assert [(c.text, c.is_correct) for c in question.choices.all()] == [
        ("Wait until morning", False), ("Report it straight away", True),
    ]
    event = AuditEvent.objects.get(action="declaration_kind.created")
    assert event.actor == admin_user and event.details["statements"][1] == "I will report its loss at once."


def test_the_list_says_who_signs_and_how_often(mfa_client, admin_user, policy):
    team = TeamFactory(name="Finance")
    kind = DeclarationKindFactory(
        policy=policy, name="Finance declaration", audience_everyone=False,
        audience_staff_types=["permanent", "agency"], cycle="fixed_date", fixed_month=4, fixed_day=1,
    )
    kind.audience_teams.add(team)
    page = mfa_client(admin_user).get(reverse("declarations:kinds")).content.decode()
    assert "Permanent and Agency staff in Finance" in page
    assert "Every year by 1 April" in page


def test_the_list_names_the_kinds_of_device_held(mfa_client, admin_user, policy):
    DeclarationKindFactory(policy=policy, audience_everyone=False, device_kinds_held=["phone", "tablet"])
    page = mfa_client(admin_user).get(reverse("declarations:kinds")).content.decode()
    assert "Staff who hold a mobile phone or a tablet" in page


def test_the_list_says_which_devices_wait_for_the_declaration(mfa_client, admin_user, policy):
    DeclarationKindFactory(policy=policy, name="Security procedures", device_kinds_before_issue=["phone", "tablet"])
    DeclarationKindFactory(policy=policy, name="Annual declaration")
    page = mfa_client(admin_user).get(reverse("declarations:kinds")).content.decode()
    assert page.count("Signed before") == 1
    assert "Signed before a mobile phone or a tablet is issued" in page


def test_the_edit_page_offers_the_kinds_of_device_as_boxes(mfa_client, admin_user, policy):
    kind = DeclarationKindFactory(policy=policy, device_kinds_before_issue=["tablet"])
    page = mfa_client(admin_user).get(reverse("declarations:kind_edit", args=[kind.pk])).content.decode()
    assert 'name="device_kinds_held" value="body_camera"' in page
    assert 'name="device_kinds_before_issue" value="tablet"' in page
    assert "Must be signed before one of these is issued" in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"statements-0-text": "", "statements-1-text": ""}, "Write at least one statement for people to confirm."),
        ({"questions-0-choices": "Wait\nReport"}, "Mark exactly one answer as the right one, with * before it."),
        ({"questions-0-explanation": ""}, "Explain the right answer: people see this when they choose wrongly."),
        ({"device_kinds_held": []}, "Say who signs it: tick"),
        ({"audience_everyone": "on", "audience_staff_types": "agency"}, "Untick &#x27;Everyone&#x27; to limit who signs"),
        ({"fixed_day": ""}, "Choose the month and day it is due each year."),
        ({"fixed_day": "31", "fixed_month": "4"}, "Give a real date in the year, such as 1 April."),
    ],
)
def test_mistakes_are_explained_and_what_was_typed_is_kept(mfa_client, admin_user, policy, change, message):
    data = {k: v for k, v in {**_kind_data(policy), **change}.items() if v != ""}
    response = mfa_client(admin_user).post(reverse("declarations:kind_create"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Mobile device declaration" in page
    assert not DeclarationKind.objects.exists()


def test_editing_replaces_statements_and_questions_and_audits_the_change(mfa_client, admin_user, policy):
    kind = DeclarationKindFactory(policy=policy, key="mobile-device", name="Mobile device declaration")
    StatementFactory(kind=kind, text="Old statement")
    ComprehensionQuestionFactory(kind=kind)
    client = mfa_client(admin_user)
    url = reverse("declarations:kind_edit", args=[kind.pk])
    assert "Old statement" in client.get(url).content.decode()
    response = client.post(url, _kind_data(policy))
    assert response.status_code == 302
    kind.refresh_from_db()
    assert list(kind.statements.values_list("text", flat=True))[0] == "I will keep the device locked with a PIN."
    assert kind.questions.get().question == "Lost your phone at night?"
    changes = AuditEvent.objects.get(action="declaration_kind.changed").details
    assert changes["statements"]["from"] == ["Old statement"]
    assert changes["cycle"] == {"from": "annual_from_last", "to": "fixed_date"}


def test_auditors_read_the_kinds_but_do_not_change_them(mfa_client, role_holder, policy):
    kind = DeclarationKindFactory(policy=policy)
    client = mfa_client(role_holder(RoleKey.AUDITOR))
    page = client.get(reverse("declarations:kinds")).content.decode()
    assert kind.name in page
    assert reverse("declarations:kind_edit", args=[kind.pk]) not in page
    assert client.get(reverse("declarations:kind_create")).status_code == 403
    assert client.post(reverse("declarations:kind_edit", args=[kind.pk]), _kind_data(policy)).status_code == 403


def test_staff_do_not_see_the_kinds(mfa_client, person):
    assert mfa_client(person).get(reverse("declarations:kinds")).status_code == 403


# Issued device holders

def test_the_holders_page_lists_who_holds_a_device_from_the_register(mfa_client, admin_user, db):
    holder, other = UserFactory(full_name="Dana Device"), UserFactory(full_name="Nora None")
    phone = DeviceFactory(issued=True, holder=holder, asset_tag="OPCC-0042", to_complete=True)
    DeviceFactory(holder=None)
    page = mfa_client(admin_user).get(reverse("declarations:device_holders")).content.decode()
    assert holder.full_name in page and other.full_name not in page
    assert reverse("devices:device_detail", args=[phone.pk]) in page
    assert "OPCC-0042" in page and "Details to complete" in page
    assert reverse("devices:device_list") in page


def test_the_holders_page_filters_by_kind_of_device(mfa_client, admin_user, db):
    DeviceFactory(issued=True, holder=UserFactory(full_name="Dana Device"), kind="laptop")
    DeviceFactory(issued=True, holder=UserFactory(full_name="Pete Phone"))
    page = mfa_client(admin_user).get(reverse("declarations:device_holders") + "?device_kind=laptop").content.decode()
    assert "Dana Device" in page and "Pete Phone" not in page


@pytest.mark.parametrize("role", [None, RoleKey.AUDITOR])
def test_others_cannot_see_the_holders_page(mfa_client, role_holder, person, role):
    client = mfa_client(role_holder(role) if role else person)
    assert client.get(reverse("declarations:device_holders")).status_code == 403


def test_a_new_device_holder_owes_the_device_declaration_at_once(
    admin_user, db, django_capture_on_commit_callbacks
):
    policy = PolicyFactory()
    PolicyVersionFactory(policy=policy)
    kind = DeclarationKindFactory(policy=policy, audience_everyone=False, device_kinds_held=["phone"])
    holder, phone = UserFactory(), DeviceFactory()
    with django_capture_on_commit_callbacks(execute=True):
        device_issue(device=phone, person=holder, actor=admin_user)
    assert Requirement.objects.get(kind=kind).user == holder

    with django_capture_on_commit_callbacks(execute=True):
        device_return(device=phone, actor=admin_user)
    assert Requirement.objects.get(kind=kind).status == Requirement.Status.LAPSED
