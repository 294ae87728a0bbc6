from django.urls import path

from . import task_list, views

app_name = "decisions"

urlpatterns = [
    path("decisions/", views.decision_list, name="decision_list"),
    path("decisions/guide/", views.guide, name="guide"),
    # The decision as a task list: one section a page, then check your answers.
    path("decisions/start/", task_list.draft_start, name="draft_start"),
    path("decisions/drafts/<int:pk>/", task_list.draft_tasks, name="draft_tasks"),
    path("decisions/drafts/<int:pk>/check/", task_list.draft_check, name="draft_check"),
    path(
        "decisions/drafts/<int:pk>/<slug:section>/",
        task_list.draft_section,
        name="draft_section",
    ),
    # Answering a request is recording one's decision with it (one path out).
    path("requests/<int:pk>/answer/", views.answer_request, name="answer_request"),
    path("decisions/reasoned-access/", views.decision_accesses, name="decision_accesses"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/pdf/", views.decision_pdf_download, name="decision_pdf"),
    path("decisions/<int:pk>/access/", views.dpo_access, name="dpo_access"),
    path("decisions/<int:pk>/sign-off/", views.sign_off, name="sign_off"),
    path("decisions/<int:pk>/complete/", views.complete, name="complete"),
    path(
        "decisions/<int:pk>/consent-withdrawn/", views.consent_withdrawn, name="consent_withdrawn"
    ),
    path("decisions/<int:pk>/disclosures/new/", views.disclosure_new, name="disclosure_new"),
    path(
        "decisions/<int:pk>/disclosures/<int:disclosure_pk>/confirmed-in-writing/",
        views.disclosure_confirm,
        name="disclosure_confirm",
    ),
    path(
        "decisions/<int:pk>/items/<int:item_pk>/subject-access/",
        views.item_not_for_subject,
        name="item_not_for_subject",
    ),
    path(
        "decisions/<int:pk>/disclosures/<int:disclosure_pk>/told-of-withdrawal/",
        views.disclosure_withdrawal_told,
        name="disclosure_withdrawal_told",
    ),
]
