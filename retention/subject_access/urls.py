from django.urls import path

from . import views

app_name = "subject_access"

urlpatterns = [
    path("subject-access/", views.sar_list, name="list"),
    path("subject-access/new/", views.sar_new, name="new"),
    path("subject-access/new/<int:person_pk>/", views.sar_new_about, name="new_about"),
    path("subject-access/new/not-held/", views.sar_new_not_held, name="new_not_held"),
    path("subject-access/<int:pk>/", views.sar_detail, name="detail"),
    path("subject-access/<int:pk>/identity/", views.sar_identity, name="identity"),
    path("subject-access/<int:pk>/extend/", views.sar_extend, name="extend"),
    path("subject-access/<int:pk>/build/", views.sar_build, name="build"),
    path("subject-access/<int:pk>/items/<int:item_pk>/", views.sar_item, name="item"),
    path("subject-access/<int:pk>/release/", views.sar_release, name="release"),
    path("subject-access/<int:pk>/pack.zip", views.sar_download, name="download"),
]
