from django.shortcuts import render

from portal.access import role_required
from staff.models import Role

AUDIT_READERS = (Role.ADMINISTRATOR, Role.AUDITOR, Role.CHIEF_EXECUTIVE)


@role_required(*AUDIT_READERS)
def audit_list(request):
    return render(request, "records/audit_list.html", {})
