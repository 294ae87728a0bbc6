from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("statistics/", views.overview, name="overview"),
    path("statistics/figures.csv", views.figures_csv, name="figures_csv"),
    path("statistics/appendix.pdf", views.figures_pdf, name="figures_pdf"),
]
