from django.contrib import admin
from django.urls import include, path

from sharing.views import admin_login

admin.site.site_header = "Safeguarding register administration"
admin.site.site_title = "Register admin"
# The admin's own sign-in form would skip the second factor: send it to ours.
admin.site.login = admin_login  # type: ignore[method-assign]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("sharing.urls")),
    path("", include("cases.urls")),
    path("", include("requests.urls")),
    path("", include("sharing.decisions.urls")),
    path("", include("retention.urls")),
    path("", include("reports.urls")),
    path("", include("retention.subject_access.urls")),
]
