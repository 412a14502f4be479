from django.shortcuts import render

from kernel.access import staff_required


@staff_required
def index(request):
    return render(request, "accounts_registry/index.html")
