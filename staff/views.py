from django.shortcuts import get_object_or_404, render

from portal.access import role_required

from .models import Role, User

STAFF_READERS = (Role.ADMINISTRATOR, Role.AUDITOR, Role.CHIEF_EXECUTIVE)


@role_required(*STAFF_READERS)
def staff_list(request):
    return render(request, "staff/staff_list.html", {"people": User.objects.all()[:50]})


@role_required(*STAFF_READERS)
def staff_detail(request, pk: int):
    return render(request, "staff/staff_detail.html", {"person": get_object_or_404(User, pk=pk)})
