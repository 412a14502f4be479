"""Reports: things staff must tell someone about straight away.

A report is not asked for and not approved: everyone the authority matrix says
must be told is told at once, and each acknowledges it, saying what they did if
they wish. When all have acknowledged, the report is complete and kept as a
record. Each step has one working day.

* A lost or stolen device goes to the IT service desk at once, whatever the
  hour, so it can be locked. A personal phone counts too when it carried the
  organisation's social-media accounts (003 §5.5-5.6): unless the reporter is
  sure no account could be reached from it, every account in the register they
  can reach is marked at risk, its password must change, and the communications
  team is told which accounts they are.
* A password someone else may know, or a device that is not working normally or
  looks tampered with, goes to the IT service desk.
* Unsuitable material opened by accident is reported to the line manager, so the
  circumstances are on record; a genuine accident is not held against anyone.
* A suspected virus: take the computer off the network, leave it alone, and report it.
* Content on social media that reflects poorly on the organisation is passed to
  those who look after its reputation.
* Threats, abuse or harassment received while using social media for work are
  reported to the line manager.
* An offensive email received is reported to a manager, who finds where it came
  from and stops more arriving; it is not forwarded to anyone else.
"""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils import timezone

from accounts_registry.services import accounts_reachable_by, mark_password_change_required
from devices.services import device_mark_lost
from kernel.roles import RoleKey
from kernel.widgets import DateInput
from notifications.services import notify
from staff.selectors import role_holders

from . import RequestForm, RequestType, answer_date, request_type
from .held_devices import HeldDeviceForm, held_device_of

YES_NO = [("yes", "Yes"), ("no", "No")]
YES_NO_UNSURE = [*YES_NO, ("unsure", "I don't know")]


class ReportForm(RequestForm):
    """What every report asks: when it happened, what happened and what has been done.

    Subclasses add their own questions; ``field_order`` puts them first.
    """

    happened_on = forms.DateField(label="When it happened", widget=DateInput())
    what_happened = forms.CharField(
        label="What happened",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )
    done_so_far = forms.CharField(
        label="What you have done so far",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def clean_happened_on(self):
        happened_on = self.cleaned_data["happened_on"]
        if happened_on > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        return happened_on


def _radio(label: str, choices=YES_NO, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect, **kwargs)


class Report(RequestType):
    """A report: acknowledged by everyone told, at once, within a working day."""

    is_report = True
    step_working_days = 1
    # The first words of the title; the answer named by ``title_field`` follows them.
    title_field = ""

    def title_of(self, answers, people) -> str:
        detail = str(answers.get(self.title_field, "") or "").strip()
        happened_on = answer_date(answers, "happened_on")
        when = f" ({happened_on:%-d %B %Y})" if happened_on else ""
        return f"{self.short_name}: {detail[:120]}{when}" if detail else f"{self.short_name}{when}"


# Lost or stolen device -------------------------------------------------------------------

DEVICE_OWNERS = {
    "work": "A work device the organisation issued",
    "personal": "My own phone, tablet or computer",
}


class LostDeviceForm(HeldDeviceForm, ReportForm):
    field_order = [
        "held_device",
        "device",
        "device_owner",
        "happened_on",
        "where",
        "locked",
        "social_accounts",
        "crime_reference",
        "what_happened",
        "done_so_far",
    ]

    device_owner = _radio(
        "Whose device is it?",
        list(DEVICE_OWNERS.items()),
        help_text="Report your own phone or computer too if the organisation's social-media "
        "accounts could be reached from it.",
    )
    where = forms.CharField(label="Where it was lost or stolen", max_length=300)
    locked = _radio("Was it locked with a PIN or password, or encrypted?", YES_NO_UNSURE)
    social_accounts = _radio(
        "Could the organisation's social-media accounts be reached from it?",
        YES_NO_UNSURE,
        help_text="For example an official Twitter/X or Facebook app signed in on the phone.",
    )
    crime_reference = forms.CharField(
        label="Police crime reference",
        required=False,
        max_length=50,
        help_text="If you reported a theft to the police.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["happened_on"].label = "When it was lost or stolen"
        self.fields["what_happened"].label = "What happened"
        self.fields["what_happened"].help_text = "What you were doing and when you noticed."


@request_type
class LostDeviceReport(Report):
    key = "report_lost_device"
    name = "Report a lost or stolen device"
    short_name = "Lost or stolen device"
    summary = "Straight away, whatever the hour: a work phone, laptop, tablet or token is missing."
    form_class = LostDeviceForm
    decision_key = "report.lost_device"
    title_field = "device"
    order = 200

    def on_submitted(self, request) -> None:
        """Record the device lost on the register, if it is one of the reporter's; then
        protect the social-media accounts it could reach, unless the reporter says none
        could be: each is marked at risk with its password to change, and the
        communications team is told which they are."""
        device = held_device_of(request)
        if device is not None:
            device_mark_lost(
                device=device,
                actor=request.requester,
                note=f"Reported lost or stolen on request {request.reference}",
            )
        if request.answers.get("social_accounts") == "no":
            return
        accounts = list(accounts_reachable_by(request.requester).select_related("owner"))
        if not accounts:
            return
        mark_password_change_required(
            accounts=accounts,
            reason=f"{request.answers['device']} reported lost or stolen ({request.reference})",
            actor=request.requester,
            at_risk=True,
        )
        for person in role_holders(RoleKey.COMMUNICATIONS).exclude(pk=request.requester_id):
            notify(
                recipient=person,
                kind="report_accounts_at_risk",
                key=f"request:{request.pk}:accounts-at-risk:{person.pk}",
                context={"request": request, "accounts": accounts},
                link=reverse("approvals:request_detail", args=[request.pk]),
            )


# Compromised password or tampered device -------------------------------------------------

COMPROMISE = {
    "password": "Someone else may know my password or PIN",
    "not_normal": "A device is not working as it should",
    "tampered": "A device shows signs of tampering",
}


class CompromisedForm(ReportForm):
    field_order = [
        "what",
        "account_or_device",
        "happened_on",
        "always_with_you",
        "what_happened",
        "done_so_far",
    ]

    what = _radio("What is wrong", list(COMPROMISE.items()))
    account_or_device = forms.CharField(
        label="Which account or device",
        max_length=200,
        help_text="E.g. “my network sign-in” or “work phone, asset tag WM-01234”.",
    )
    always_with_you = _radio(
        "Has the device always been with you?",
        YES_NO_UNSURE,
        required=False,
        help_text="Leave it if no device is involved.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["happened_on"].label = "When you noticed"
        self.fields["done_so_far"].help_text = "For example, whether you have changed the password."


@request_type
class CompromisedReport(Report):
    key = "report_compromised"
    name = "Report a compromised password or a tampered device"
    short_name = "Compromised password or device"
    summary = (
        "Someone may know your password, or a device is behaving oddly or looks tampered with."
    )
    form_class = CompromisedForm
    decision_key = "report.compromised"
    title_field = "account_or_device"
    order = 210


# Accidental access to unsuitable material ----------------------------------------------------


class UnsuitableMaterialForm(ReportForm):
    field_order = ["address", "happened_on", "what_happened", "done_so_far"]

    address = forms.CharField(
        label="The website address or where it appeared",
        max_length=500,
        help_text="As far as you can tell, e.g. from your browser's history.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "what_happened"
        ].help_text = (
            "How you came to it and what it showed, in general terms: do not copy it here."
        )


@request_type
class UnsuitableMaterialReport(Report):
    key = "report_unsuitable_material"
    name = "Report accidental access to unsuitable material"
    short_name = "Unsuitable material opened by accident"
    summary = (
        "You opened or received something unsuitable by accident: report it so it is on record."
    )
    form_class = UnsuitableMaterialForm
    decision_key = "report.unsuitable_material"
    title_field = "address"
    order = 220


# Suspected virus ----------------------------------------------------------------------------


class VirusForm(ReportForm):
    field_order = [
        "device",
        "source",
        "disconnected",
        "happened_on",
        "what_happened",
        "done_so_far",
    ]

    device = forms.CharField(label="Which computer or device", max_length=200)
    source = forms.CharField(
        label="The file, email or website you suspect",
        max_length=500,
        help_text="Its name, sender or address.",
    )
    disconnected = _radio(
        "Have you disconnected it and stopped using it?",
        help_text="Do that now if you have not: unplug the network cable or turn off Wi-Fi.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["what_happened"].label = "What you saw"


@request_type
class VirusReport(Report):
    key = "report_virus"
    name = "Report a suspected virus"
    short_name = "Suspected virus"
    summary = "A file, email or website may have infected a computer: disconnect it, then report."
    form_class = VirusForm
    decision_key = "report.virus"
    title_field = "device"
    order = 230


# Social-media content about the organisation ------------------------------------------------


class SocialMediaContentForm(ReportForm):
    field_order = ["link", "platform", "happened_on", "what_happened", "done_so_far"]

    link = forms.URLField(
        label="Link to the content",
        max_length=500,
        assume_scheme="https",
        help_text="Copy the address of the post, page or video.",
    )
    platform = forms.CharField(label="Platform", max_length=100, help_text="E.g. Facebook.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["happened_on"].label = "When you saw it"
        self.fields["what_happened"].label = "What it says and why it reflects poorly on us"


@request_type
class SocialMediaContentReport(Report):
    key = "report_social_media_content"
    name = "Report social-media content that reflects poorly on the office"
    short_name = "Social-media content about us"
    summary = "Something online disparages the organisation or the people it works with."
    form_class = SocialMediaContentForm
    decision_key = "report.social_media_content"
    title_field = "platform"
    order = 240


# Abuse received on social media ----------------------------------------------------------


class SocialMediaAbuseForm(ReportForm):
    field_order = ["account", "from_whom", "link", "happened_on", "what_happened", "done_so_far"]

    account = forms.CharField(
        label="The work account it came to",
        max_length=200,
        help_text="E.g. “@OPCC_Youth on Twitter/X”.",
    )
    from_whom = forms.CharField(
        label="Who it came from",
        max_length=200,
        help_text="Their name or handle, or the organisation, if known.",
    )
    link = forms.URLField(
        label="Link to the message or post",
        required=False,
        max_length=500,
        assume_scheme="https",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["what_happened"].label = "What was said or done"
        self.fields[
            "what_happened"
        ].help_text = (
            "Threats, abuse or harassment. Keep the messages: do not reply to or delete them."
        )


@request_type
class SocialMediaAbuseReport(Report):
    key = "report_social_media_abuse"
    name = "Report abuse received on social media"
    short_name = "Abuse on social media"
    summary = "Threats, abuse or harassment you received while using social media for work."
    form_class = SocialMediaAbuseForm
    decision_key = "report.social_media_abuse"
    title_field = "account"
    order = 250


# Offensive email received ------------------------------------------------------------------


class OffensiveEmailForm(ReportForm):
    field_order = ["sender", "subject", "happened_on", "what_happened", "done_so_far"]

    sender = forms.CharField(label="Who sent it", max_length=254, help_text="Their email address.")
    subject = forms.CharField(label="Its subject line", max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["happened_on"].label = "When it arrived"
        self.fields["what_happened"].label = "Why it is offensive"
        self.fields["what_happened"].help_text = (
            "In general terms. Do not forward the email to anyone: keep it until your "
            "manager has seen it."
        )


@request_type
class OffensiveEmailReport(Report):
    key = "report_offensive_email"
    name = "Report an offensive email you received"
    short_name = "Offensive email"
    summary = "An email reached you that is offensive, abusive or threatening."
    form_class = OffensiveEmailForm
    decision_key = "report.offensive_email"
    title_field = "subject"
    order = 260
