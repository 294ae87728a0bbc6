"""What leaves the register as a file: a request's documents, and its
password-protected exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from sharing.forms import NotForSubjectForm
from sharing.models import AccessAction
from sharing.plumbing.view_helpers import (
    acting_user,
    log_reads,
    shows_refusal,
)

from .. import permissions, services
from ..forms import (
    ExportForm,
)
from ..uploads import served_type


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """Documents only through here: permission checked, download logged, and the
    file sent as an attachment under a neutral name (the original may name a child)."""
    user = acting_user(request)
    attachment = permissions.get_attachment_for_user(user, pk)
    log_reads(request, AccessAction.DOWNLOAD, [attachment])
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=f"{attachment.request.reference}-{attachment.archive_name}",
        # The register's type for the checked extension, never the browser's
        # (files stored before content checks kept what the browser sent).
        content_type=served_type(attachment.original_name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@login_required
def export(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue a password-protected export. The password is shown on this page
    once, and stored nowhere."""
    user = acting_user(request)
    info_request = permissions.get_request_for_user(user, pk, write=True)
    log_reads(request, AccessAction.VIEW, [info_request])
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with shows_refusal(request, form) as refused:
            issued, password = services.request_export(
                user=user, request=info_request, **form.cleaned_data
            )
        if not refused:
            response = render(
                request,
                "requests/export_issued.html",
                {"info": info_request, "export": issued, "password": password},
            )
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "requests/export_form.html", {"info": info_request, "form": form})


@login_required
def export_download(request: HttpRequest, pk: int) -> FileResponse:
    user = acting_user(request)
    issued = permissions.get_export_for_user(user, pk)
    log_reads(request, AccessAction.DOWNLOAD, [issued])
    response = FileResponse(
        issued.file.open("rb"),
        as_attachment=True,
        filename=f"{issued.request.reference}-export-{issued.pk}.zip",
        content_type="application/zip",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@login_required
def attachment_not_for_subject(request: HttpRequest, pk: int) -> HttpResponse:
    """Whether a document may go to the person it is about if they ask for
    their records (seed 000 §6)."""
    user = acting_user(request)
    attachment = permissions.get_attachment_for_user(user, pk)
    if not permissions.can_mark_attachment(user, attachment):
        raise PermissionDenied("Only the team that recorded the request, or whoever answered it.")
    if request.method == "GET":
        log_reads(request, AccessAction.VIEW, [attachment])
    form = NotForSubjectForm(
        request.POST or None,
        initial={
            "not_for_subject": "no" if attachment.not_for_subject else "",
            "exemption": attachment.not_for_subject_exemption,
        },
    )
    info = attachment.request
    if request.method == "POST" and form.is_valid():
        with shows_refusal(request, form) as refused:
            services.attachment_not_for_subject(
                user=user, attachment=attachment, **form.cleaned_data
            )
        if not refused:
            messages.success(request, "Document marked for subject access requests.")
            return redirect(info)
    return render(
        request,
        "sharing/not_for_subject.html",
        {
            "form": form,
            "record": attachment,
            "caption": f"Request {info.reference}",
            "back_url": info.get_absolute_url(),
            "what": f"Document: {attachment.original_name}",
        },
    )
