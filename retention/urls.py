from django.urls import path

from . import views

app_name = "retention"

urlpatterns = [
    path("retention/", views.dashboard, name="dashboard"),
    path("retention/approve/", views.approve, name="approve"),
    path("retention/<int:pk>/retain/", views.retain, name="retain"),
    path("retention/records/<int:pk>/", views.record, name="record"),
    path("retention/rules/", views.rules, name="rules"),
    path("retention/rules/<int:pk>/", views.rule_edit, name="rule_edit"),
    path("retention/holds/", views.hold, name="hold"),
    path("retention/holds/<int:pk>/lift/", views.lift, name="lift"),
    path("retention/report.csv", views.report_csv, name="report_csv"),
    path("retention/report.pdf", views.report_pdf, name="report_pdf"),
]
