from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group

from smeaton.web.accounts.models import ROLE_DESCRIPTIONS, Role, ServiceArea, User
from smeaton.web.admin import AuditedAdmin

# Roles and the rules decide what people may do; Django's groups grant nothing here.
admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "service_area", "is_active"]
    list_filter = ["role", "service_area", "is_active"]
    search_fields = ["username", "first_name", "last_name", "email", "job_title"]
    filter_horizontal = []
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
class ServiceAreaAdmin(AuditedAdmin):
    list_display = ["name", "active"]
    list_filter = ["active"]
    search_fields = ["name"]
