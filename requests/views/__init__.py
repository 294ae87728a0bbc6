"""Information request pages. Each reads top to bottom: find the request
through its permissions (404 if the user may not see it), log the read, call a
service to write, render.

``lists`` (the unit's dashboard, a school safeguarding officer's inbox),
``recording`` (log an incoming request, send one), ``page`` (the request's page
both sides share), ``answering`` (what is done on that page), ``downloads``
(documents and secure exports), ``letters`` (a request letter for a partner
outside the register, as a page and a PDF)."""

from .answering import change_due, clarify, close, not_held, start, withdraw
from .downloads import attachment_download, attachment_not_for_subject, export, export_download
from .letters import letter, letter_pdf
from .lists import dashboard, inbox
from .page import request_detail
from .recording import log_incoming, send_outgoing

__all__ = [
    "attachment_download",
    "attachment_not_for_subject",
    "change_due",
    "clarify",
    "close",
    "dashboard",
    "export",
    "export_download",
    "inbox",
    "letter",
    "letter_pdf",
    "log_incoming",
    "not_held",
    "request_detail",
    "send_outgoing",
    "start",
    "withdraw",
]
