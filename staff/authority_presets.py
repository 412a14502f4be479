"""Who decides what, as each organisation's policies set it out.

A preset gives every decision (``DECISION_NAMES``) its ordered steps, and sets the
organisation settings its policy fixes (notice before travel, who decides when
nobody else can). Each step names who acts (a role key, or ``LINE_MANAGER`` for
the requester's line manager), what they do, and the policy clause that says so:

* ``decide(who, clause)``: they approve or refuse;
* ``consult(who, clause)``: they give advice and cannot refuse;
* ``notify(who, clause)``: they are told and acknowledge. Reports (keys starting
  ``report.``) have only these, opened together: reports are acknowledged, not
  approved;
* ``silent(who, action=...)``: the policy does not say who takes this step. The
  preset names the nearest role the policy does mention, the page shows "Not set
  by the policy: review before use", and the decision's description says so.

No steps means the person authorises the thing themselves.

Clauses cite the source policies in ../shared/seeds by their number and the
policy's own paragraph numbers: "000 §54" and "000 App. A §17" (West Midlands
OPCC), "001 §3.3.1" (Essex PFCC communications), "002 §3.0" (Essex social media).
Durham's policy (004) numbers no paragraphs, so its clauses name the heading:
"004 §Devices and systems".

The decision ``social_account.authority`` is not a request: its step names the
accounts authority, who keeps the register of corporate social-media accounts,
holds their passwords (earlier ones too) and is told of the changes the policies
make reportable.

A preset's settings also say which platforms each kind of account owner may have,
with the clause behind the rule (``platform_rules_clause``); where the policy has
no such rule the preset suggests one and sets ``platform_rules_review_needed``.

Load one with ``manage.py load_authority_matrix --preset NAME`` or from the
authority matrix page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kernel.platforms import Platform
from kernel.roles import RoleKey

LINE_MANAGER = "line_manager"

CHIEF_EXECUTIVE = RoleKey.CHIEF_EXECUTIVE
SIRO = RoleKey.SIRO
COMMUNICATIONS = RoleKey.COMMUNICATIONS
INFORMATION_SECURITY = RoleKey.INFORMATION_SECURITY
IT_SERVICE_DESK = RoleKey.IT_SERVICE_DESK

DECIDE, CONSULT, NOTIFY = "decide", "consult", "notify"

# Platform rules. WhatsApp is for sharing public information, never for business (002 §3.0).
EVERY_PLATFORM_BUT_WHATSAPP = [p for p in Platform.values if p != Platform.WHATSAPP]
TWITTER_OR_BLOG = [Platform.TWITTER.value, Platform.WORDPRESS.value]

# The same decision names in every preset, so requests read the same everywhere.
DECISION_NAMES = {
    "mailbox.out_of_office": "Mailbox: out-of-office message",
    "mailbox.auto_forward": "Mailbox: automatic forwarding",
    "mailbox.forwarding": "Mailbox: forwarding someone's email",
    "mailbox.delegate_access": "Mailbox: shown in another person's mail client",
    "device.abroad": "Taking a device abroad",
    "social_account.new": "New corporate social-media account",
    "social_account.authority": "Social-media accounts: who keeps their passwords and is told "
    "of changes",
    "remote_working": "Remote working",
    "software.permission": "Installing or downloading software",
    "email.delete": "Deleting an email from a recipient's mailbox",
    "email.external_access": "Email access for someone who is not an employee",
    "monitoring.communications": "Authority to monitor a person's communications",
    "office.name_use": "Posting for the office, or using its name, crest or photographs",
    "report.lost_device": "Report: lost or stolen device",
    "report.compromised": "Report: compromised password or tampered device",
    "report.unsuitable_material": "Report: accidental access to unsuitable material",
    "report.virus": "Report: suspected virus",
    "report.social_media_content": "Report: social-media content about the organisation",
    "report.social_media_abuse": "Report: abuse received on social media",
    "report.offensive_email": "Report: offensive email received",
    "leaver.case": "Leaver case sign-off",
}


@dataclass(frozen=True)
class Step:
    """One step of a decision: who acts, what they do, and the clause that says so."""

    who: str
    action: str = DECIDE
    clause: str = ""
    review_needed: bool = False


def decide(who: str, clause: str) -> Step:
    return Step(who, DECIDE, clause)


def consult(who: str, clause: str) -> Step:
    return Step(who, CONSULT, clause)


def notify(who: str, clause: str) -> Step:
    return Step(who, NOTIFY, clause)


def silent(who: str, action: str = DECIDE) -> Step:
    """A step the policy says nothing about: ``who`` is the preset's guess, to review."""
    return Step(who, action, review_needed=True)


@dataclass(frozen=True)
class Decision:
    name: str
    steps: tuple[Step, ...]
    description: str


@dataclass(frozen=True)
class Preset:
    """One organisation's authority matrix and the settings its policy fixes.

    ``settings`` holds ``OrganisationSettings`` fields by name, with the fallback
    role given by its key.
    """

    label: str
    decisions: dict[str, Decision]
    settings: dict = field(default_factory=dict)


def _preset(label: str, settings: dict, *rows: tuple[str, list[Step], str]) -> Preset:
    """A preset from (decision key, steps, description) rows."""
    return Preset(
        label=label,
        decisions={
            key: Decision(DECISION_NAMES[key], tuple(steps), description)
            for key, steps, description in rows
        },
        settings=settings,
    )


WEST_MIDLANDS_OPCC = _preset(
    "Office of the Police and Crime Commissioner, West Midlands",
    {
        "device_abroad_notice_days": 7,  # 000 §54
        "escalation_working_days": 5,
        "fallback_role": CHIEF_EXECUTIVE,
        # Appendix A follows the West Midlands force's policy (003) closely but leaves out
        # its list of platforms (003 §3.3); the preset suggests the force's list, and
        # keeps WhatsApp out of business use as Essex does (002 §3.0).
        "platforms_for_individuals": TWITTER_OR_BLOG,
        "platforms_for_teams": TWITTER_OR_BLOG,
        "platforms_for_organisation": EVERY_PLATFORM_BUT_WHATSAPP,
        "platform_rules_clause": "003 §3.3; 002 §3.0",
        "platform_rules_review_needed": True,
        # The policy does not limit who may be issued a device.
        "device_staff_types": {},
        "security_advice": (
            "Keep the device with you and locked whenever you are not using it; never "
            "leave it in a car or an empty hotel room. Work where nobody can read your "
            "screen, and keep to information marked OFFICIAL. Some countries limit what "
            "encrypted equipment may be brought in: check each country on your trip. If "
            "the device is lost or stolen, or you think someone has tampered with it, "
            "call the IT help desk straight away and report it in the portal."
        ),
    },
    ("mailbox.out_of_office", [], "Anyone sets their own out-of-office message."),
    (
        "mailbox.auto_forward",
        [silent(CHIEF_EXECUTIVE)],
        "The policy does not say who decides; it only asks that a colleague can reach each "
        "work mailbox (000 §41). The portal asks the Chief Executive. Review before use.",
    ),
    (
        "mailbox.forwarding",
        [silent(CHIEF_EXECUTIVE)],
        "The policy does not say who decides; it keeps the office's right to read a mailbox "
        "while its holder is away (000 §42). The portal asks the Chief Executive. "
        "Review before use.",
    ),
    (
        "mailbox.delegate_access",
        [silent(CHIEF_EXECUTIVE)],
        "The policy does not say who decides; the portal asks the Chief Executive, with a "
        "written reason, as this gives lasting access. Review before use.",
    ),
    (
        "device.abroad",
        [consult(INFORMATION_SECURITY, "000 §54"), silent(CHIEF_EXECUTIVE)],
        "Information Security must be consulted at least 7 days before the trip. The policy "
        "does not say who decides; the portal then asks the Chief Executive for written "
        "permission for the dates. Review before use.",
    ),
    (
        "social_account.new",
        [silent(LINE_MANAGER), decide(CHIEF_EXECUTIVE, "000 App. A §17")],
        "The Chief Executive approves every new corporate account in writing. The policy "
        "does not say the line manager takes part; the portal asks them first to confirm "
        "the purpose. Review before use.",
    ),
    (
        "social_account.authority",
        [decide(CHIEF_EXECUTIVE, "000 App. A §19")],
        "Every account's username and password are registered with the Chief Executive, who "
        "is told when a password, an account's name or its owner changes.",
    ),
    (
        "remote_working",
        [silent(CHIEF_EXECUTIVE)],
        "The policy does not say who decides; it does not cover remote working. The portal "
        "asks the Chief Executive. Review before use.",
    ),
    (
        "software.permission",
        [decide(CHIEF_EXECUTIVE, "000 §24")],
        "Nothing is downloaded or installed without the Chief Executive's permission first.",
    ),
    (
        "email.delete",
        [silent(LINE_MANAGER)],
        "The policy does not say who decides; the portal asks the line manager, so nobody "
        "can have their own email removed from someone else's mailbox. Review before use.",
    ),
    (
        "email.external_access",
        [silent(INFORMATION_SECURITY)],
        "The policy does not say who decides; it only says third parties using the office's "
        "systems must follow it (000 §1). The portal asks Information Security. "
        "Review before use.",
    ),
    (
        "monitoring.communications",
        [silent(CHIEF_EXECUTIVE)],
        "The policy reserves the office's right to monitor calls, email, internet use and "
        "social media (000 §37 to §45) but does not say who decides; the portal asks the "
        "Chief Executive. Review before use.",
    ),
    (
        "office.name_use",
        [decide(CHIEF_EXECUTIVE, "000 §32; App. A §13, §14")],
        "Speaking for the office on social media, and using its name, crest or "
        "photographs, needs the Chief Executive's permission.",
    ),
    (
        "report.lost_device",
        [notify(IT_SERVICE_DESK, "000 §56"), silent(COMMUNICATIONS, NOTIFY)],
        "The IT help desk is told at once, also when the device holds the office's "
        "social-media accounts (App. A §5). The policy does not say the communications "
        "team is told; the portal tells them so those accounts can be protected. "
        "Review before use.",
    ),
    (
        "report.compromised",
        [notify(IT_SERVICE_DESK, "000 §56")],
        "A password that may be known to someone else, or a device that looks tampered "
        "with, goes to the IT help desk at once.",
    ),
    (
        "report.unsuitable_material",
        [notify(LINE_MANAGER, "000 §28")],
        "Tell your manager straight away; genuine accidents are normally not acted on.",
    ),
    (
        "report.virus",
        [notify(IT_SERVICE_DESK, "000 §29")],
        "Disconnect, stop work on the computer and tell the IT support desk.",
    ),
    (
        "report.social_media_content",
        [silent(COMMUNICATIONS, NOTIFY)],
        "Staff must report content that shows the office in a bad light (000 §34), but the "
        "policy does not say who is told; the portal tells the communications team. "
        "Review before use.",
    ),
    (
        "report.social_media_abuse",
        [notify(CHIEF_EXECUTIVE, "000 App. A §24")],
        "Serious problems with the office's social-media accounts are dealt with by the "
        "Chief Executive.",
    ),
    (
        "report.offensive_email",
        [silent(LINE_MANAGER, NOTIFY)],
        "The policy forbids passing on or keeping offensive email (000 §21) but does not "
        "say who is told when some arrives; the portal tells the line manager. "
        "Review before use.",
    ),
    (
        "leaver.case",
        [silent(LINE_MANAGER)],
        "The policy does not say who decides; it does not cover leavers. The portal has the "
        "leaver's line manager sign the case off. Review before use.",
    ),
)

# In Essex one post is "Chief Executive and Monitoring Officer": the holder of the
# Chief Executive role (who also holds the Monitoring Officer role) decides.
ESSEX_PFCC = _preset(
    "Police, Fire and Crime Commissioner for Essex",
    {
        "device_abroad_notice_days": 0,
        "escalation_working_days": 5,
        "fallback_role": CHIEF_EXECUTIVE,
        "platforms_for_individuals": EVERY_PLATFORM_BUT_WHATSAPP,
        "platforms_for_teams": EVERY_PLATFORM_BUT_WHATSAPP,
        "platforms_for_organisation": EVERY_PLATFORM_BUT_WHATSAPP,
        "platform_rules_clause": "002 §3.0",
        "platform_rules_review_needed": False,
        # Mobile phones go only to permanent, temporary and agency staff (001 §3.4).
        "device_staff_types": {"phone": ["permanent", "temporary", "agency"]},
        "security_advice": (
            "Keep the device out of sight and with you, above all in cars, hotels and "
            "conference venues, and carry any smartcard or token apart from it. Make "
            "sure nobody can see what you are working on. Check the local law on bringing "
            "in encrypted equipment before you go. Report a lost or stolen device in the "
            "portal at once."
        ),
    },
    ("mailbox.out_of_office", [], "Self-authorised (001 §3.3.1)."),
    (
        "mailbox.auto_forward",
        [decide(CHIEF_EXECUTIVE, "001 §3.3.1")],
        "The Chief Executive and Monitoring Officer decides. The mailbox holder is told "
        "unless that would reveal an internal investigation.",
    ),
    (
        "mailbox.forwarding",
        [decide(CHIEF_EXECUTIVE, "001 §3.3.1")],
        "The Chief Executive and Monitoring Officer decides. The mailbox holder is told "
        "unless that would reveal an internal investigation.",
    ),
    (
        "mailbox.delegate_access",
        [decide(CHIEF_EXECUTIVE, "001 §3.3.1")],
        "Only in exceptional cases, decided by the Chief Executive and Monitoring Officer.",
    ),
    (
        "device.abroad",
        [decide(CHIEF_EXECUTIVE, "001 §3.5"), notify(INFORMATION_SECURITY, "001 §3.5")],
        "Needs written permission from the Chief Executive and Monitoring Officer; "
        "Information Security is then told of the trip.",
    ),
    (
        "social_account.new",
        [silent(LINE_MANAGER), decide(COMMUNICATIONS, "002 §3.0")],
        "Approved by the Strategic Head of Policy and Public Engagement or the "
        "Communications and Engagement Manager (the communications role), who agree a "
        "moderator. The policy does not say the line manager takes part; the portal asks "
        "them first. Review before use.",
    ),
    (
        "social_account.authority",
        [silent(COMMUNICATIONS)],
        "The policy does not say who keeps the passwords of the office's accounts. The portal "
        "gives them to the communications role, which approves the accounts (002 §3.0). "
        "Review before use.",
    ),
    (
        "remote_working",
        [decide(CHIEF_EXECUTIVE, "001 §3.5")],
        "The Chief Executive and Monitoring Officer must authorise it formally; staff work "
        "remotely only on equipment the organisation supplies.",
    ),
    (
        "software.permission",
        [decide(IT_SERVICE_DESK, "001 §3.2")],
        "The IT department approves software, freeware and other downloads first.",
    ),
    (
        "email.delete",
        [decide(LINE_MANAGER, "001 §3.3.1")],
        "The IT service desk removes the email only on the manager's authority.",
    ),
    (
        "email.external_access",
        [decide(INFORMATION_SECURITY, "001 §3.3")],
        "Information Security authorises an email account for someone who is not an "
        "employee, on a form completed by a member of staff.",
    ),
    (
        "monitoring.communications",
        [decide(CHIEF_EXECUTIVE, "001 §4.0")],
        "Monitoring for anything but training or quality needs the written authority of "
        "the Chief Executive and Monitoring Officer.",
    ),
    (
        "office.name_use",
        [decide(COMMUNICATIONS, "002 §3.0")],
        "Posting for the office needs the approval of the Strategic Head of Policy and "
        "Public Engagement or the Communications and Engagement Manager.",
    ),
    (
        "report.lost_device",
        [silent(IT_SERVICE_DESK, NOTIFY), silent(COMMUNICATIONS, NOTIFY)],
        "The policies ask staff to guard devices against theft (001 §3.5) but do not say "
        "who is told when one is lost; the portal tells the IT service desk and the "
        "communications team. Review before use.",
    ),
    (
        "report.compromised",
        [silent(IT_SERVICE_DESK, NOTIFY)],
        "The policies do not say who is told; the portal tells the IT service desk. "
        "Review before use.",
    ),
    (
        "report.unsuitable_material",
        [notify(LINE_MANAGER, "001 §3.2"), notify(IT_SERVICE_DESK, "001 §3.2")],
        "Tell the line manager and the IT service desk straight away so it can be looked into.",
    ),
    (
        "report.virus",
        [silent(IT_SERVICE_DESK, NOTIFY)],
        "The policies name viruses as a risk (002 §2.0) but do not say who is told; the "
        "portal tells the IT service desk. Review before use.",
    ),
    (
        "report.social_media_content",
        [silent(COMMUNICATIONS, NOTIFY)],
        "The policies do not say who is told; the portal tells the communications team. "
        "Review before use.",
    ),
    (
        "report.social_media_abuse",
        [notify(LINE_MANAGER, "002 §2.0")],
        "Threats, abuse or harassment received while using social media for work go to the "
        "line manager at once.",
    ),
    (
        "report.offensive_email",
        [notify(LINE_MANAGER, "001 §3.3")],
        "Tell your supervisor or manager, who finds where it came from and stops more arriving.",
    ),
    (
        "leaver.case",
        [decide(LINE_MANAGER, "001 §4.0")],
        "The line manager makes sure IT knows of the leaver, so accounts are disabled and "
        "equipment is recovered, and signs the case off.",
    ),
)

DURHAM = _preset(
    "Durham Constabulary",
    {
        "device_abroad_notice_days": 0,
        "escalation_working_days": 5,
        "fallback_role": SIRO,
        # The policy names no platforms; it only says WhatsApp on force devices is
        # monitored. The preset suggests keeping WhatsApp out of business use.
        "platforms_for_individuals": EVERY_PLATFORM_BUT_WHATSAPP,
        "platforms_for_teams": EVERY_PLATFORM_BUT_WHATSAPP,
        "platforms_for_organisation": EVERY_PLATFORM_BUT_WHATSAPP,
        "platform_rules_clause": "",
        "platform_rules_review_needed": True,
        # The policy does not limit who may be issued a device.
        "device_staff_types": {},
        "security_advice": (
            "Take the device only for work. Roaming calls and data can cost a great "
            "deal, and some countries treat the device's encryption as unlawful: check "
            "before you go, and follow the Mobile Device Security Operating Procedures "
            "you signed. If the device is lost or you suspect it has been compromised, "
            "tell the IT service desk and Information Security at once."
        ),
    },
    (
        "mailbox.out_of_office",
        [],
        "Anyone sets their own out-of-office message; the policy does not mention them.",
    ),
    (
        "mailbox.auto_forward",
        [silent(INFORMATION_SECURITY)],
        "The policy does not say who decides; the portal asks the Information Security and "
        "Assurance Manager. Review before use.",
    ),
    (
        "mailbox.forwarding",
        [silent(INFORMATION_SECURITY)],
        "The policy does not say who decides; the portal asks the Information Security and "
        "Assurance Manager. Review before use.",
    ),
    (
        "mailbox.delegate_access",
        [silent(INFORMATION_SECURITY)],
        "The policy does not say who decides; the portal asks the Information Security and "
        "Assurance Manager. Review before use.",
    ),
    (
        "device.abroad",
        [decide(SIRO, "004 §Devices and systems")],
        "Only for work, with the permission of the Force Senior Information Risk Owner "
        "(the Deputy Chief Constable).",
    ),
    (
        "social_account.new",
        [silent(LINE_MANAGER), decide(COMMUNICATIONS, "004 §Corporate accounts")],
        "The Media and Marketing Manager (the communications role) checks the request "
        "against the force's social-media strategy, approves it and runs the account. The "
        "policy does not say the line manager takes part; the portal asks them first. "
        "Review before use.",
    ),
    (
        "social_account.authority",
        [decide(COMMUNICATIONS, "004 §Corporate accounts")],
        "The Media and Marketing Manager (the communications role) runs the force's corporate "
        "accounts and is told of every password change.",
    ),
    (
        "remote_working",
        [silent(LINE_MANAGER)],
        "The policy does not say who decides; the portal asks the line manager. Review before use.",
    ),
    (
        "software.permission",
        [silent(IT_SERVICE_DESK)],
        "The policy does not say who decides; it forbids downloading outside programs and "
        "sends questions about software to the IT department (004 §Internet use). The "
        "portal asks the IT service desk. Review before use.",
    ),
    (
        "email.delete",
        [silent(LINE_MANAGER)],
        "The policy does not say who decides; the portal asks the line manager, so nobody "
        "can have their own email removed from someone else's mailbox. Review before use.",
    ),
    (
        "email.external_access",
        [silent(INFORMATION_SECURITY)],
        "The policy does not say who decides; it sends exceptions to secure email handling "
        "to the Information Security and Assurance Manager (004 §Email), and the portal "
        "asks them. Review before use.",
    ),
    (
        "monitoring.communications",
        [silent(SIRO)],
        "The policy does not say who decides; it says use of force systems is monitored and "
        "recorded. The portal asks the Senior Information Risk Owner. Review before use.",
    ),
    (
        "office.name_use",
        [silent(COMMUNICATIONS)],
        "The policy does not say who decides; corporate accounts carry the force's branding "
        "and the media and marketing team advises on photographs (004 §Corporate "
        "accounts). The portal asks the communications role. Review before use.",
    ),
    (
        "report.lost_device",
        [
            notify(IT_SERVICE_DESK, "004 §Devices and systems"),
            notify(INFORMATION_SECURITY, "004 §Devices and systems"),
            silent(COMMUNICATIONS, NOTIFY),
        ],
        "The IT service desk and the Information Security and Assurance Manager are told at "
        "once. The policy does not say the communications role is told; the portal tells "
        "it so corporate accounts on the device can be protected. Review before use.",
    ),
    (
        "report.compromised",
        [
            notify(IT_SERVICE_DESK, "004 §Devices and systems"),
            notify(INFORMATION_SECURITY, "004 §Devices and systems"),
        ],
        "A suspected compromise goes at once to the IT service desk and the Information "
        "Security and Assurance Manager.",
    ),
    (
        "report.unsuitable_material",
        [notify(LINE_MANAGER, "004 §Internet use"), notify(IT_SERVICE_DESK, "004 §Internet use")],
        "Reported as soon as possible, through the line manager, to IT and to Professional "
        "Standards (which has no role in the portal: the line manager passes it on).",
    ),
    (
        "report.virus",
        [
            notify(IT_SERVICE_DESK, "004 §Devices and systems"),
            notify(INFORMATION_SECURITY, "004 §Devices and systems"),
        ],
        "A suspected infection is a compromise of force systems: the IT service desk and "
        "the Information Security and Assurance Manager are told at once.",
    ),
    (
        "report.social_media_content",
        [notify(COMMUNICATIONS, "004 §Corporate accounts")],
        "Tell the media and marketing team (out of hours, an Inspector) about disparaging "
        "remarks so they can be taken down.",
    ),
    (
        "report.social_media_abuse",
        [silent(LINE_MANAGER, NOTIFY)],
        "The policy does not say who is told; the portal tells the line manager. "
        "Review before use.",
    ),
    (
        "report.offensive_email",
        [silent(LINE_MANAGER, NOTIFY)],
        "The force does not tolerate offensive messages (004 §Email) but the policy does "
        "not say who is told of one received; the portal tells the line manager. "
        "Review before use.",
    ),
    (
        "leaver.case",
        [silent(LINE_MANAGER)],
        "The policy does not say who decides; it does not cover leavers. The portal has the "
        "leaver's line manager sign the case off. Review before use.",
    ),
)

DEFAULT_PRESET = "west-midlands-opcc"

PRESETS = {
    "west-midlands-opcc": WEST_MIDLANDS_OPCC,
    "essex-pfcc": ESSEX_PFCC,
    "durham": DURHAM,
}

PRESET_LABELS = {name: preset.label for name, preset in PRESETS.items()}
