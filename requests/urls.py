from django.urls import path

from . import views

app_name = "requests"

urlpatterns = [
    path("requests/", views.dashboard, name="dashboard"),
    path("requests/inbox/", views.inbox, name="inbox"),
    path("requests/incoming/new/", views.log_incoming, name="log_incoming"),
    path("requests/outgoing/new/", views.send_outgoing, name="send_outgoing"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/not-held/", views.not_held, name="not_held"),
    path("requests/<int:pk>/clarify/", views.clarify, name="clarify"),
    path("requests/<int:pk>/close/", views.close, name="close"),
    path("requests/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("requests/<int:pk>/due/", views.change_due, name="change_due"),
    path("requests/<int:pk>/start/", views.start, name="start"),
    path("requests/<int:pk>/export/", views.export, name="export"),
    path("requests/<int:pk>/letter/", views.letter, name="letter"),
    path("requests/<int:pk>/letter.pdf", views.letter_pdf, name="letter_pdf"),
    path("exports/<int:pk>/", views.export_download, name="export_download"),
    path("documents/<int:pk>/", views.attachment_download, name="attachment_download"),
    path(
        "documents/<int:pk>/subject-access/",
        views.attachment_not_for_subject,
        name="attachment_not_for_subject",
    ),
]
