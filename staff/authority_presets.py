"""Who decides what, as each organisation's policies set it out.

Each preset maps a decision key to its name and its ordered steps. A step is a
role key (any current holder of that role decides) or ``"line_manager"`` (the
requester's line manager decides). No steps means the person authorises the
thing themselves. Reports (keys starting ``report.``) are acknowledged rather
than approved; their steps say who acknowledges and acts.

Load one with ``manage.py load_authority_matrix --preset NAME`` or from the
authority matrix page. Where a policy says nothing about a decision, the preset
gives it to the nearest role the policy does name; the description says so, and
an organisation should review those before relying on them.
"""

from __future__ import annotations

from kernel.roles import RoleKey

LINE_MANAGER = "line_manager"

CHIEF_EXECUTIVE = RoleKey.CHIEF_EXECUTIVE
SIRO = RoleKey.SIRO
COMMUNICATIONS = RoleKey.COMMUNICATIONS
INFORMATION_SECURITY = RoleKey.INFORMATION_SECURITY
IT_SERVICE_DESK = RoleKey.IT_SERVICE_DESK

# The same decision names in every preset, so requests read the same everywhere.
DECISION_NAMES = {
    "mailbox.out_of_office": "Mailbox: out-of-office message",
    "mailbox.auto_forward": "Mailbox: automatic forwarding",
    "mailbox.forwarding": "Mailbox: forwarding someone's email",
    "mailbox.delegate_access": "Mailbox: shown in another person's mail client",
    "device.abroad": "Taking a device abroad",
    "social_account.new": "New corporate social-media account",
    "remote_working": "Remote working",
    "software.permission": "Installing or downloading software",
    "email.delete": "Deleting an email from a recipient's mailbox",
    "email.external_access": "Email access for someone who is not an employee",
    "report.lost_device": "Report: lost or stolen device",
    "report.unsuitable_material": "Report: accidental access to unsuitable material",
    "report.virus": "Report: suspected virus",
    "report.social_media_content": "Report: social-media content about the organisation",
    "leaver.case": "Leaver case sign-off",
}


def _preset(*decisions: tuple[str, list[str], str]) -> dict:
    """A preset from (decision key, steps, description) rows."""
    return {
        key: {"name": DECISION_NAMES[key], "steps": steps, "description": description}
        for key, steps, description in decisions
    }


WEST_MIDLANDS_OPCC = _preset(
    ("mailbox.out_of_office", [], "Anyone may set their own out-of-office message."),
    (
        "mailbox.auto_forward",
        [CHIEF_EXECUTIVE],
        "The Chief Executive decides access to another person's mailbox.",
    ),
    (
        "mailbox.forwarding",
        [CHIEF_EXECUTIVE],
        "The Chief Executive decides access to another person's mailbox.",
    ),
    (
        "mailbox.delegate_access",
        [CHIEF_EXECUTIVE],
        "Exceptional: the Chief Executive decides, with a written justification.",
    ),
    (
        "device.abroad",
        [INFORMATION_SECURITY, CHIEF_EXECUTIVE],
        "Information Security is consulted at least 7 days before travel, then the Chief Executive gives written permission for the dates.",
    ),
    (
        "social_account.new",
        [LINE_MANAGER, CHIEF_EXECUTIVE],
        "The line manager supports the purpose; the Chief Executive approves new corporate accounts in writing.",
    ),
    ("remote_working", [CHIEF_EXECUTIVE], "The Chief Executive authorises remote working."),
    (
        "software.permission",
        [CHIEF_EXECUTIVE],
        "Software is downloaded or installed only with the Chief Executive's prior permission.",
    ),
    (
        "email.delete",
        [LINE_MANAGER],
        "Deleting a sent email from someone else's mailbox needs a manager's authority.",
    ),
    (
        "email.external_access",
        [INFORMATION_SECURITY],
        "Information Security authorises email accounts for non-employees.",
    ),
    (
        "report.lost_device",
        [IT_SERVICE_DESK],
        "The IT service desk acts on a lost or stolen device at once.",
    ),
    (
        "report.unsuitable_material",
        [LINE_MANAGER],
        "Accidental access is reported to the line manager.",
    ),
    ("report.virus", [IT_SERVICE_DESK], "A suspected virus is reported to the IT service desk."),
    (
        "report.social_media_content",
        [COMMUNICATIONS],
        "Content that reflects poorly on the office goes to the communications team.",
    ),
    ("leaver.case", [LINE_MANAGER], "The leaver's line manager signs the case off."),
)

# In Essex one post is "Chief Executive and Monitoring Officer": the holder of the
# Chief Executive role (who also holds the Monitoring Officer role) decides.
ESSEX_PFCC = _preset(
    ("mailbox.out_of_office", [], "Self-authorised."),
    (
        "mailbox.auto_forward",
        [CHIEF_EXECUTIVE],
        "Authorised by the Chief Executive and Monitoring Officer.",
    ),
    (
        "mailbox.forwarding",
        [CHIEF_EXECUTIVE],
        "Authorised by the Chief Executive and Monitoring Officer.",
    ),
    (
        "mailbox.delegate_access",
        [CHIEF_EXECUTIVE],
        "Authorised by the Chief Executive and Monitoring Officer, and only in exceptional circumstances.",
    ),
    (
        "device.abroad",
        [CHIEF_EXECUTIVE],
        "Written permission from the Chief Executive and Monitoring Officer; Information Security is told before travel.",
    ),
    (
        "social_account.new",
        [LINE_MANAGER, COMMUNICATIONS],
        "Approved by the Strategic Head of Policy and Public Engagement or the Communications and Engagement Manager (the communications role), who agree a moderator.",
    ),
    (
        "remote_working",
        [CHIEF_EXECUTIVE],
        "Formally authorised by the Chief Executive and Monitoring Officer.",
    ),
    (
        "software.permission",
        [IT_SERVICE_DESK],
        "Software needs the prior approval of the IT department.",
    ),
    (
        "email.delete",
        [LINE_MANAGER],
        "The IT service desk deletes an email only on a manager's authority.",
    ),
    (
        "email.external_access",
        [INFORMATION_SECURITY],
        "Information Security authorises email access for non-employees.",
    ),
    ("report.lost_device", [IT_SERVICE_DESK], "Reported to the IT service desk at once."),
    (
        "report.unsuitable_material",
        [LINE_MANAGER, IT_SERVICE_DESK],
        "Reported to the line manager and the IT service desk so it can be looked into.",
    ),
    ("report.virus", [IT_SERVICE_DESK], "Reported to the IT service desk."),
    ("report.social_media_content", [COMMUNICATIONS], "Reported to the communications team."),
    (
        "leaver.case",
        [LINE_MANAGER],
        "Managers tell IT about leavers so accounts are disabled and equipment recovered.",
    ),
)

DURHAM = _preset(
    ("mailbox.out_of_office", [], "Self-authorised."),
    (
        "mailbox.auto_forward",
        [INFORMATION_SECURITY],
        "The policy names no authority; given to the Information Security and Assurance Manager. Review before use.",
    ),
    (
        "mailbox.forwarding",
        [INFORMATION_SECURITY],
        "The policy names no authority; given to the Information Security and Assurance Manager. Review before use.",
    ),
    (
        "mailbox.delegate_access",
        [INFORMATION_SECURITY],
        "The policy names no authority; given to the Information Security and Assurance Manager. Review before use.",
    ),
    (
        "device.abroad",
        [SIRO],
        "Permission from the Force Senior Information Risk Owner (the Deputy Chief Constable).",
    ),
    (
        "social_account.new",
        [LINE_MANAGER, COMMUNICATIONS],
        "Through the Media and Marketing Manager (the communications role), who approves and administers corporate accounts.",
    ),
    (
        "remote_working",
        [LINE_MANAGER],
        "The policy names no authority; given to the line manager. Review before use.",
    ),
    (
        "software.permission",
        [IT_SERVICE_DESK],
        "External programs are not downloaded; the IT department advises.",
    ),
    (
        "email.delete",
        [LINE_MANAGER],
        "Deleting a sent email from someone else's mailbox needs a manager's authority.",
    ),
    (
        "email.external_access",
        [INFORMATION_SECURITY],
        "Exceptions to secure email handling are agreed with the Information Security and Assurance Manager.",
    ),
    (
        "report.lost_device",
        [IT_SERVICE_DESK, INFORMATION_SECURITY],
        "Reported at once to the IT service desk and the Information Security and Assurance Manager.",
    ),
    ("report.unsuitable_material", [LINE_MANAGER], "Reported to the line manager."),
    ("report.virus", [IT_SERVICE_DESK], "Reported to the IT service desk."),
    (
        "report.social_media_content",
        [COMMUNICATIONS],
        "Brought to the attention of the media and marketing team.",
    ),
    ("leaver.case", [LINE_MANAGER], "The leaver's line manager signs the case off."),
)

DEFAULT_PRESET = "west-midlands-opcc"

PRESETS = {
    "west-midlands-opcc": WEST_MIDLANDS_OPCC,
    "essex-pfcc": ESSEX_PFCC,
    "durham": DURHAM,
}

PRESET_LABELS = {
    "west-midlands-opcc": "Office of the Police and Crime Commissioner, West Midlands",
    "essex-pfcc": "Police, Fire and Crime Commissioner for Essex",
    "durham": "Durham Constabulary",
}
