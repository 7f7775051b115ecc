from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from smeaton.web.accounts.models import ROLE_DESCRIPTIONS, Role, ServiceArea, User


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "service_area", "is_active"]
    list_filter = ["role", "service_area", "is_active"]
    search_fields = ["username", "first_name", "last_name", "email", "job_title"]
    # Roles decide what people may do; Django's staff and superuser flags follow the role.
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Person", {"fields": ["first_name", "last_name", "email", "job_title", "service_area"]}),
        ("Role and access", {"fields": ["role", "is_active"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "password1", "password2"]}),
        ("Person", {"fields": ["first_name", "last_name", "email", "job_title", "service_area"]}),
        ("Role", {"fields": ["role"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "role":
            field.help_text = " ".join(
                f"{Role(role).label}: {text}" for role, text in ROLE_DESCRIPTIONS.items())
        return field


@admin.register(ServiceArea)
class ServiceAreaAdmin(SimpleHistoryAdmin):
    list_display = ["name", "active"]
    list_filter = ["active"]
    search_fields = ["name"]
