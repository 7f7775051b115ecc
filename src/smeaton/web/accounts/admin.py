import csv
import json

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.http import HttpResponse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from rules.contrib.admin import ObjectPermissionsModelAdmin

from smeaton.analytics.spreadsheet import safe_row
from smeaton.web.accounts import two_factor
from smeaton.web.accounts.models import (
    ROLE_DESCRIPTIONS,
    ChildLevelRead,
    Organisation,
    Role,
    ServiceArea,
    User,
)
from smeaton.web.admin import AuditedAdmin

# Roles and the rules decide what people may do; Django's groups grant nothing here.
admin.site.unregister(Group)
# Authenticator secrets and recovery codes are nobody's to read, administrators' included:
# an administrator resets a person's two-factor authentication from their page instead.
admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "service_area", "organisation",
                    "is_active"]
    list_filter = ["role", "child_level_access", "service_area", "organisation", "is_active"]
    search_fields = ["username", "first_name", "last_name", "email", "job_title"]
    filter_horizontal = []
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Person", {"fields": ["first_name", "last_name", "email", "job_title", "service_area",
                            "organisation"]}),
        ("Role and access", {"fields": ["role", "child_level_access", "is_active"]}),
        ("Signing in", {"fields": ["signs_in_with", "two_factor"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "password1", "password2"]}),
        ("Person", {"fields": ["first_name", "last_name", "email", "job_title", "service_area",
                            "organisation"]}),
        ("Role", {"fields": ["role"]}),
    ]
    readonly_fields = ["last_login", "date_joined", "signs_in_with", "two_factor"]
    actions = ["reset_two_factor"]

    @admin.display(description="Signs in with")
    def signs_in_with(self, person):
        if person.signs_in_through_provider:
            return f"The council's identity provider (its id for them: {person.provider_subject})"
        return "A Smeaton username and password"

    @admin.display(description="Two-factor authentication")
    def two_factor(self, person):
        device = two_factor.authenticator(person)
        if device:
            left = two_factor.recovery_codes_left(person)
            return (f"Authenticator app set up on {device.created_at:%-d %B %Y}; "
                    f"{left} recovery code{'s' if left != 1 else ''} left")
        if two_factor.must_use(person) and not person.signs_in_through_provider:
            return "Not set up yet: they will be asked to at their next sign-in"
        return "Not set up"

    @admin.action(description="Reset two-factor authentication for the selected people")
    def reset_two_factor(self, request, queryset):
        # Changing a person is what resetting needs (the same rule as editing them).
        people = [person for person in queryset if self.has_change_permission(request, person)]
        for person in people:
            two_factor.reset(person, by=request.user)
        self.message_user(request, (
            f"Two-factor authentication reset for {len(people)} "
            f"{'person' if len(people) == 1 else 'people'}. Each sets up an authenticator "
            "app again at their next sign-in, if their role requires it."), messages.SUCCESS)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "role":
            field.help_text = " ".join(
                f"{Role(role).label}: {text}" for role, text in ROLE_DESCRIPTIONS.items())
        return field


@admin.register(ServiceArea)
class ServiceAreaAdmin(AuditedAdmin):
    list_display = ["name", "active"]
    list_filter = ["active"]
    search_fields = ["name"]


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    """The partner organisations whose people sign in with the partner role."""

    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(ChildLevelRead)
class ChildLevelReadAdmin(ObjectPermissionsModelAdmin):
    """Who saw or downloaded records about individual children: read-only (no rule lets
    anyone add, change or delete one), since it is a record."""

    list_display = ["at", "user", "action", "what", "file_format"]
    list_filter = ["action", "at"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "what", "record"]
    date_hierarchy = "at"
    actions = ["download_csv"]

    @admin.action(description="Download the selected reads as CSV")
    def download_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="child-level-reads.csv"'
        writer = csv.writer(response, lineterminator="\r\n")
        writer.writerow(["when", "username", "name", "action", "what", "record", "filter",
                         "format"])
        for read in queryset.select_related("user"):
            writer.writerow(safe_row([
                read.at.isoformat(), read.user.username, str(read.user), read.action,
                read.what, read.record, json.dumps(read.filters), read.file_format]))
        return response
