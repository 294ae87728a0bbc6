from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .forms import RegisterPasswordChangeForm, SignInForm
from .views import pages, status

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=SignInForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", views.two_factor, name="two_factor"),
    path("accounts/two-factor/set-up/", views.two_factor_setup, name="two_factor_setup"),
    path("accounts/", views.account, name="account"),
    path("accounts/backup-codes/", views.backup_codes_renew, name="backup_codes_renew"),
    path("access-changes/", views.access_changes, name="access_changes"),
    path("status-changes/", status.status_changes, name="status_changes"),
    path("status-changes/<int:pk>/", status.status_change_decide, name="status_change_decide"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(form_class=RegisterPasswordChangeForm),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("healthz", views.healthz, name="healthz"),
    path("accessibility/", pages.accessibility, name="accessibility"),
]
