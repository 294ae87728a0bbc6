from django.urls import path

from . import views
from .transfers import views as transfer_views

app_name = "cases"

# URLs carry only opaque ids, never names or references: they end up in logs.
urlpatterns = [
    path("cases/", views.case_list, name="case_list"),
    path("cases/new/", views.case_open, name="case_open"),
    path("cases/break-glass/", views.break_glass, name="break_glass"),
    path("cases/break-glass/review/", views.break_glass_review, name="break_glass_review"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("cases/<int:pk>/close/", views.case_close, name="case_close"),
    path("cases/<int:pk>/history/", views.case_history, name="case_history"),
    path("cases/<int:pk>/access/", views.case_access, name="case_access"),
    path("cases/<int:pk>/access-log/", views.case_access_log, name="case_access_log"),
    path("cases/<int:pk>/categories/", views.case_categories, name="case_categories"),
    path(
        "cases/<int:pk>/categories/<int:period_pk>/",
        views.case_category_change,
        name="case_category_change",
    ),
    path("cases/<int:pk>/people/add/", views.participant_add, name="participant_add"),
    path(
        "cases/<int:pk>/people/<int:participant_pk>/",
        views.participant_edit,
        name="participant_edit",
    ),
    path("cases/<int:pk>/chronology/add/", views.chronology_add, name="chronology_add"),
    path(
        "cases/<int:pk>/chronology/<int:entry_pk>/",
        views.chronology_edit,
        name="chronology_edit",
    ),
    path(
        "cases/<int:pk>/chronology/<int:entry_pk>/subject-access/",
        views.chronology_not_for_subject,
        name="chronology_not_for_subject",
    ),
    path("transfers/", transfer_views.transfer_list, name="transfer_list"),
    path("transfers/new/", transfer_views.transfer_new, name="transfer_new"),
    path("transfers/term-dates/", transfer_views.term_dates, name="term_dates"),
    path("transfers/term-dates/remove/", transfer_views.term_date_remove, name="term_date_remove"),
    path("transfers/<int:pk>/", transfer_views.transfer_detail, name="transfer_detail"),
    path("transfers/<int:pk>/receive/", transfer_views.transfer_receive, name="transfer_receive"),
    path("transfers/<int:pk>/cancel/", transfer_views.transfer_cancel, name="transfer_cancel"),
    path("transfers/<int:pk>/share/", transfer_views.transfer_share, name="transfer_share"),
    path("transfers/<int:pk>/pack/", transfer_views.transfer_pack_download, name="transfer_pack"),
    path(
        "transfers/<int:pk>/documents/<int:item_pk>/",
        transfer_views.transfer_document,
        name="transfer_document",
    ),
    path("people/", views.person_search, name="person_search"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
]
