"""Django admin for organisations, users and roles.

Separation of duties: an administrator configures the register but cannot
raise their own access. They cannot change their own roles, permissions or
staff/superuser status, cannot edit the permissions of a role they hold, and
cannot grant themselves (or a group they are in) object permissions.

Side doors closed here: no second-factor secret (authenticator key, backup
code) is shown on any page; nobody sets another person's password (that would
let them sign in as that person); no delete confirmation lists what a team or
organisation holds (children's names); and saves go through the accounts
services, so every change to an account's teams and roles is recorded, with a
reason, and the managers concerned are told.
"""

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import NestedObjects, unquote
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, router
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from guardian.admin import ReinforcedGuardedModelAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .forms import AdminUserChangeForm, OrganisationAdminForm, SecondFactorRevokeForm
from .models import Agreement, Gateway, Organisation, Team, User
from .roles import Role

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


HOLDS_RECORDS = (
    "This {kind} holds records (such as cases, people, requests, accounts or "
    "agreements), so it cannot be deleted. Move or dispose of its records first."
)


def _without_delete_selected(actions: dict[str, Any]) -> dict[str, Any]:
    # The bulk delete lists what it would remove and skips the per-object refusal.
    actions.pop("delete_selected", None)
    return actions


class RefuseDeleteWhileHoldingRecords(admin.ModelAdmin):
    """Deleting something that holds records is refused with a message, before
    Django's confirmation page could list them (a child's name is a person's
    __str__). What it would delete is only ever shown as counts."""

    def holds_records(self, obj: models.Model) -> bool:
        collector = NestedObjects(using=router.db_for_write(type(obj)))
        collector.collect([obj])
        if collector.protected:
            return True
        return any(model is not type(obj) for model in collector.model_objs)

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self.holds_records(obj):
            messages.error(request, HOLDS_RECORDS.format(kind=self.model._meta.verbose_name))
            info = self.model._meta.app_label, self.model._meta.model_name
            return HttpResponseRedirect(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
        return super().delete_view(request, object_id, extra_context)

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        _deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        own = [f"{self.model._meta.verbose_name}: {obj}" for obj in objs]
        counts = [f"{count} {name}" for name, count in model_count.items()]
        return own, model_count, perms_needed, (counts if protected else [])

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        return _without_delete_selected(super().get_actions(request))


_STATUS_WORDS = {
    True: "Health or social care authority",
    False: "Not a health or social care authority",
    None: "Decided by the kind of organisation",
}


@admin.register(Organisation)
# guardian's mixin and ModelAdmin type change_form_template differently; both are strings.
class OrganisationAdmin(RefuseDeleteWhileHoldingRecords, NoSelfGrantGuardedAdmin):  # type: ignore[misc]
    list_display = ("name", "kind", "police_force_area", "secure_channel", "is_active")
    list_filter = ("kind", "police_force_area", "is_active")
    search_fields = ("name",)
    form = OrganisationAdminForm
    readonly_fields = ("svd_specified_now", "health_or_social_care_now", "status_change_waiting")
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
                    "status_change_reason",
                    "health_or_social_care_now",
                    "status_change_waiting",
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

    @admin.display(description="Change waiting for the data protection officer")
    def status_change_waiting(self, obj: Organisation) -> str:
        pending = obj.status_changes.filter(decided_at=None).first() if obj.pk else None
        if pending is None:
            return "None"
        asked_on = f"{pending.requested_at:%d %B %Y}"
        return f"{_STATUS_WORDS[pending.health_or_social_care]}, asked on {asked_on}"

    def save_model(self, request: HttpRequest, obj: Organisation, form: Any, change: bool) -> None:
        fields = {
            name: value
            for name, value in form.cleaned_data.items()
            if name != "name" and name in {f.name for f in Organisation._meta.fields}
        }
        before = obj.status_changes.filter(decided_at=None).count() if obj.pk else 0
        saved = services.organisation_upsert(
            actor=request.user,  # type: ignore[arg-type]
            pk=obj.pk if change else None,
            name=form.cleaned_data["name"],
            reason="Changed in the admin" if change else "Created in the admin",
            status_change_reason=form.cleaned_data.get("status_change_reason", ""),
            **fields,
        )
        obj.pk = saved.pk
        if saved.status_changes.filter(decided_at=None).count() > before:
            self.message_user(
                request,
                "The change to the health or social care status waits for the data protection "
                "officer to confirm it. Until then the old status applies.",
                messages.WARNING,
            )


SELF_PROTECTED_USER_FIELDS = ("is_superuser", "groups")
IMPERSONATION_REFUSED = (
    "Nobody sets another person's password: it would let them sign in as that "
    "person. The account holder changes their own password once signed in; to "
    "stop an account being used, make it inactive or reset its second factor."
)


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    list_display = ("username", "first_name", "last_name", "organisation", "is_active")
    list_filter = ("organisation", "groups", "is_active", "is_staff")
    list_select_related = ("organisation",)
    form = AdminUserChangeForm
    # No password field (the hash, and Django's "Reset password" button) and no
    # per-user permissions: access comes from roles and teams only.
    fieldsets = (
        (None, {"fields": ("username",)}),
        ("Personal info", {"fields": ("first_name", "last_name", "email")}),
        ("Organisation", {"fields": ("organisation",)}),
        (
            "Access",
            {
                "description": "Roles and teams decide what the account may see. Every "
                "change is recorded with its reason and the managers concerned are told.",
                "fields": ("is_active", "is_staff", "is_superuser", "groups"),
            },
        ),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
        ("Why", {"fields": ("reason",)}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        ("Organisation", {"fields": ("organisation",)}),
    )
    filter_horizontal = ("groups",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = list(super().get_readonly_fields(request, obj))
        # Admin access follows the Administrator role (user_upsert sets it).
        readonly.extend(("is_staff", "last_login", "date_joined"))
        if not request.user.is_superuser:
            readonly.append("is_superuser")
        if obj is not None and obj.pk == request.user.pk:
            readonly.extend(SELF_PROTECTED_USER_FIELDS)
        return tuple(dict.fromkeys(readonly))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # An account is made inactive, never deleted: its records and the logs
        # of what it did keep pointing at it.
        return False

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        return _without_delete_selected(super().get_actions(request))

    def get_urls(self) -> list[Any]:
        return [
            path(
                "<id>/second-factor/reset/",
                self.admin_site.admin_view(self.second_factor_revoke_view),
                name="sharing_user_second_factor_revoke",
            ),
            *super().get_urls(),
        ]

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        raise PermissionDenied(IMPERSONATION_REFUSED)

    def second_factor_revoke_view(self, request: HttpRequest, id: str) -> HttpResponse:
        subject = get_object_or_404(User, pk=unquote(id))
        if not self.has_change_permission(request, subject):
            raise PermissionDenied
        form = SecondFactorRevokeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.second_factor_revoke(
                    actor=request.user,  # type: ignore[arg-type]
                    subject=subject,
                    reason=form.cleaned_data["reason"],
                )
            except (PermissionDenied, ValidationError) as error:
                form.add_error(None, _message(error))
            else:
                messages.success(
                    request,
                    "Second factor reset. The account holder has been e-mailed and will set "
                    "up an authenticator again at their next sign-in.",
                )
                return HttpResponseRedirect(reverse("admin:sharing_user_change", args=[subject.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": "Reset second factor",
            "subject": subject,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/sharing/user/second_factor_revoke.html", context)

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        actor: User = request.user  # type: ignore[assignment]
        data = form.cleaned_data
        if not change:
            # The creation form has set the password hash on ``obj`` (or made
            # it unusable); the account starts with no role or team.
            saved = services.user_upsert(
                actor=actor,
                username=obj.username,
                organisation=obj.organisation,
                roles=[],
                reason="Created in the admin",
                password=obj.password,
            )
            obj.pk = saved.pk
            return
        fields: dict[str, Any] = {
            name: data[name] for name in ("first_name", "last_name", "email", "is_active")
        }
        if actor.is_superuser and "is_superuser" in data:
            fields["is_superuser"] = data["is_superuser"]
        groups = data.get("groups")
        held = groups if groups is not None else User.objects.get(pk=obj.pk).groups.all()
        role_names = {role.value for role in Role}
        try:
            services.user_upsert(
                actor=actor,
                pk=obj.pk,
                username=data["username"],
                organisation=data.get("organisation"),
                roles=[Role(group.name) for group in held if group.name in role_names],
                groups=groups,
                reason=data["reason"],
                **fields,
            )
        except (PermissionDenied, ValidationError) as error:
            # The form has been validated; a refusal here is the service's own
            # rule (not your own access, a reason needed). Shown, nothing saved.
            messages.error(request, _message(error))
            raise _Refused from error

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except _Refused:
            return HttpResponseRedirect(request.get_full_path())

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # Groups were set by the service in save_model; Django's save_m2m would
        # set them again directly, unrecorded.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


class _Refused(Exception):
    """A service refused an admin save: the transaction is rolled back."""


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or "You cannot do this."


class SecondFactorDeviceAdmin(admin.ModelAdmin):
    """Who has enrolled a second factor, and nothing of its secret: no key, no
    QR code, no backup codes. Devices are removed only by resetting the
    account's second factor (on the account's page), which is recorded."""

    list_display = ("user", "name", "confirmed", "created_at", "last_used_at")
    list_filter = ("confirmed",)
    list_select_related = ("user",)
    fields = ("user", "name", "confirmed", "created_at", "last_used_at")
    readonly_fields = fields
    actions = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# django-otp registers admins that show the authenticator key, its QR code and
# the backup codes (as an inline): replaced by the one above.
for _device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device_model):
        admin.site.unregister(_device_model)
    admin.site.register(_device_model, SecondFactorDeviceAdmin)


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

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Deleting a group with members would take them out of it unrecorded;
        # a team's group goes only with its team.
        if obj is not None and (obj.user_set.exists() or Team.objects.filter(group=obj).exists()):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        return _without_delete_selected(super().get_actions(request))


@admin.register(Team)
class TeamAdmin(RefuseDeleteWhileHoldingRecords, SimpleHistoryAdmin):
    """Teams. Case access goes to the team's group, so the group is made with
    the team and is not edited here; members join a team on their account's
    page (recorded, with a reason). A team stays in its organisation: moving it
    would hand its cases to another organisation's managers."""

    list_display = ("name", "organisation")
    list_filter = ("organisation",)
    search_fields = ("name",)
    fields = ("name", "organisation")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("organisation",) if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: Team, form: Any, change: bool) -> None:
        actor: User = request.user  # type: ignore[assignment]
        if change:
            services.team_rename(
                actor=actor, team=obj, name=form.cleaned_data["name"], reason="Renamed in the admin"
            )
            return
        created = services.team_create(
            actor=actor,
            organisation=obj.organisation,
            name=obj.name,
            reason="Created in the admin",
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
