"""Pages that hold no records: the accessibility statement."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement the Public Sector Bodies (Websites and Mobile
    Applications) Accessibility Regulations 2018 require; open to anyone, signed in or not."""
    return render(request, "sharing/accessibility.html")
