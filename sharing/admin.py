"""Django admin for organisations, users and roles.

Separation of duties: an administrator configures the register but cannot
raise their own access. They cannot change their own roles, permissions or
staff/superuser status, cannot edit the permissions of a role they hold, and
cannot grant themselves (or a group they are in) object permissions.
"""

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from guardian.admin import ReinforcedGuardedModelAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import Agreement, Gateway, Organisation, Team, User

SELF_GRANT_REFUSED = "You cannot grant permissions to yourself or to a role you hold."


class NoSelfGrantGuardedAdmin(ReinforcedGuardedModelAdminMixin, SimpleHistoryAdmin):
    """guardian's reinforced admin (object permission pages need guardian's own
    permissions), refusing any grant to the acting user or their groups."""

    def _refuse(self, request: HttpRequest, object_pk: str) -> HttpResponse:
        messages.error(request, SELF_GRANT_REFUSED)
        info = self.model._meta.app_label, self.model._meta.model_name
        return HttpResponseRedirect(
            reverse("admin:{}_{}_permissions".format(*info), args=[object_pk])
        )

    def obj_perms_manage_user_view(
        self, request: HttpRequest, object_pk: str, user_id: Any
    ) -> HttpResponse:
        if str(user_id) == str(request.user.pk):
            return self._refuse(request, object_pk)
        return super().obj_perms_manage_user_view(request, object_pk, user_id)

    def obj_perms_manage_group_view(
        self, request: HttpRequest, object_pk: str, group_id: Any
    ) -> HttpResponse:
        if request.user.groups.filter(pk=group_id).exists():
            return self._refuse(request, object_pk)
        return super().obj_perms_manage_group_view(request, object_pk, group_id)


@admin.register(Organisation)
class OrganisationAdmin(NoSelfGrantGuardedAdmin):
    list_display = ("name", "kind", "police_force_area", "secure_channel", "is_active")
    list_filter = ("kind", "police_force_area", "is_active")
    search_fields = ("name",)
    readonly_fields = ("svd_specified_now", "health_or_social_care_now")
    fieldsets = (
        (None, {"fields": ("name", "kind", "police_force_area", "is_active")}),
        ("Secure contact", {"fields": ("secure_channel", "secure_contact")}),
        (
            "Statutory status",
            {
                "description": "Derived from the kind of organisation unless you set it here.",
                "fields": (
                    "svd_specified_override",
                    "svd_specified_now",
                    "health_or_social_care_override",
                    "health_or_social_care_now",
                ),
            },
        ),
    )

    @admin.display(boolean=True, description="Specified authority (in effect)")
    def svd_specified_now(self, obj: Organisation) -> bool:
        return obj.is_svd_specified_authority

    @admin.display(boolean=True, description="Health or social care authority (in effect)")
    def health_or_social_care_now(self, obj: Organisation) -> bool:
        return obj.is_health_or_social_care_authority


SELF_PROTECTED_USER_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    list_display = ("username", "first_name", "last_name", "organisation", "is_active")
    list_filter = ("organisation", "groups", "is_active", "is_staff")
    list_select_related = ("organisation",)
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        ("Organisation", {"fields": ("organisation",)}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        ("Organisation", {"fields": ("organisation",)}),
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly.append("is_superuser")
        if obj is not None and obj.pk == request.user.pk:
            readonly.extend(SELF_PROTECTED_USER_FIELDS)
        return tuple(dict.fromkeys(readonly))


admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(DjangoGroupAdmin):
    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = list(super().get_readonly_fields(request, obj))
        if (
            obj is not None
            and not request.user.is_superuser
            and request.user.groups.filter(pk=obj.pk).exists()
        ):
            readonly.append("permissions")
        return tuple(readonly)


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    """Teams and their members. Case access goes to the team's group, so the
    group is made with the team and is not edited here."""

    list_display = ("name", "organisation")
    list_filter = ("organisation",)
    search_fields = ("name",)
    fields = ("name", "organisation")

    def save_model(self, request: HttpRequest, obj: Team, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        created = services.team_create(
            organisation=obj.organisation, name=obj.name, reason="Created in the admin"
        )
        obj.pk, obj.group_id = created.pk, created.group_id


@admin.register(Gateway)
class GatewayAdmin(SimpleHistoryAdmin):
    """The legal gateways catalogue. Rules tied to a gateway (s14B, s16, s17,
    Children Act 1989) are keyed on its code, so the code is fixed once made."""

    list_display = (
        "name",
        "statute",
        "recipient_must_comply",
        "routine_working_days",
        "urgent_working_days",
        "is_active",
    )
    list_filter = ("recipient_must_comply", "is_active")
    search_fields = ("name", "statute", "code")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("code",) if obj is not None else ()


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    """Information sharing agreements; their review dates feed the retention sweep."""

    list_display = ("title", "starts_on", "review_on", "dpia_reference", "is_active")
    list_filter = ("is_active",)
    search_fields = ("title", "dpia_reference")
    filter_horizontal = ("parties",)
