from django.contrib import admin
from django.urls import include, path

from cases.transfers.views import transfer_receipt, transfer_receipt_done
from sharing.views import admin_login

admin.site.site_header = "Safeguarding register administration"
admin.site.site_title = "Register admin"
# The admin's own sign-in form would skip the second factor: send it to ours.
admin.site.login = admin_login  # type: ignore[method-assign]

urlpatterns = [
    path("admin/", admin.site.urls),
    # The one-time receipt link of a child protection file: no account needed,
    # so outside the namespaced apps (sharing/middleware.py EXEMPT_URL_NAMES).
    path("receipt/done/", transfer_receipt_done, name="transfer_receipt_done"),
    path("receipt/<str:token>/", transfer_receipt, name="transfer_receipt"),
    path("", include("sharing.urls")),
    path("", include("cases.urls")),
    path("", include("requests.urls")),
    path("", include("sharing.decisions.urls")),
    path("", include("retention.urls")),
    path("", include("reports.urls")),
    path("", include("retention.subject_access.urls")),
]
