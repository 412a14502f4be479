"""Software or download permission.

Only approved software runs on the organisation's computers, and nothing is
downloaded from the internet, whether a program, free software, a video or a
game, without permission first. The request says what is wanted, where it comes
from, why the work needs it and which device it goes on. Once approved, the IT
service desk is given a task to install it: staff do not install it themselves.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone

from approvals.services import task_create
from kernel.roles import RoleKey
from kernel.workdays import add_working_days

from . import RequestForm, RequestType, request_type

INSTALL_WITHIN_WORKING_DAYS = 5


class SoftwarePermissionForm(RequestForm):
    software = forms.CharField(
        label="What software or download",
        max_length=200,
        help_text="Its name and, if you know it, the version, e.g. “Audacity 3.6”.",
    )
    source = forms.CharField(
        label="Where it comes from",
        max_length=500,
        help_text="The website address or supplier it would be downloaded or bought from.",
    )
    reason = forms.CharField(
        label="Why your work needs it",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Say also whether something already approved would do.",
    )
    device = forms.CharField(
        label="Which device it goes on",
        max_length=200,
        help_text="The issued computer or phone, with its asset tag if you know it.",
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < 10:
            raise forms.ValidationError("Explain in a sentence or two why your work needs it.")
        return reason


@request_type
class SoftwarePermission(RequestType):
    key = "software_permission"
    name = "Software or download permission"
    short_name = "Software"
    summary = "Installing a program, or downloading software, videos or games, for work."
    form_class = SoftwarePermissionForm
    decision_key = "software.permission"
    order = 60

    def title_of(self, answers, people) -> str:
        return f"Software: {answers.get('software', '')} on {answers.get('device', 'a device')}"

    def on_approved(self, request) -> None:
        answers = request.answers
        task_create(
            key=f"request:{request.pk}:install-software",
            title=f"Install {answers.get('software', '')} on {answers.get('device', '')}",
            details="\n".join(f"{line.label}: {line.value}" for line in self.describe(answers)),
            owner_role=RoleKey.IT_SERVICE_DESK,
            due_on=add_working_days(timezone.localdate(), INSTALL_WITHIN_WORKING_DAYS),
            request=request,
        )
