from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from smeaton.web.accounts.roles import (
    CHILD_LEVEL_ACCESS,
    OUTSIDE_THE_COUNCIL,
    ROLE_DESCRIPTIONS,
    Role,
)
from smeaton.web.audit.models import AuditedModel

__all__ = ["ROLE_DESCRIPTIONS", "Organisation", "Role", "ServiceArea", "User"]


class ServiceArea(AuditedModel):
    """A team or service within Children's Services, such as the front door or fostering."""

    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    active = models.BooleanField(default=True, help_text="Untick when the service closes.")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), name="service_area_name_unique_ignoring_case",
                violation_error_message="There is already a service area with this name.",
            )
        ]

    def __str__(self):
        return self.name


class Organisation(AuditedModel):
    """A partner organisation of the Children's Partnership (a health board, the police, a
    multi-academy trust, a charity), whose people sign in with the partner role and update
    the partnership plan's actions their organisation owns."""

    class Kind(models.TextChoices):
        HEALTH = "health", "Health"
        POLICE = "police", "Police"
        SCHOOLS = "schools", "Schools and trusts"
        VOLUNTARY = "voluntary", "Voluntary sector"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), name="organisation_name_unique_ignoring_case",
                violation_error_message="There is already an organisation with this name.",
            )
        ]

    def __str__(self):
        return self.name


class UserManager(DjangoUserManager):
    """Django's manager, without its staff and superuser flags: a role says it all."""

    def create_user(self, username, email=None, password=None, **extra_fields):
        return self._create_user(username, email, password, **extra_fields)

    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # ``manage createsuperuser`` makes the first administrator.
        extra_fields["role"] = Role.ADMINISTRATOR
        return self._create_user(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in to Smeaton. Their role decides what they may do, through the
    rules (accounts/permissions.py); Django's staff and superuser flags, groups and
    permission tables are not used, so nothing can grant access around the rules."""

    is_staff = False
    is_superuser = False
    groups = None
    user_permissions = None

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.VIEWER)
    job_title = models.CharField(max_length=120, blank=True)
    service_area = models.ForeignKey(
        ServiceArea, null=True, blank=True, on_delete=models.SET_NULL, related_name="people",
        limit_choices_to={"active": True},
    )
    # The partner organisation a partner works for; their organisation's actions in the
    # partnership plan are theirs to update.
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="people",
        help_text="For partners: the organisation they work for.")
    # The council's identity provider's own id for the person (its ``sub`` claim), when
    # they sign in through it: how their account is found again at each sign-in.
    provider_subject = models.CharField(
        "identity provider's id", max_length=255, null=True, blank=True, unique=True,
        editable=False)
    # Child-level access given to this person by name (a leader who needs to see the
    # children behind a figure), beside the roles that have it (roles.CHILD_LEVEL_ACCESS).
    child_level_access = models.BooleanField(
        "child-level access", default=False,
        help_text="Lets this person see the children behind a figure and re-identify a "
                  "child, whatever their role. For named leaders only: every use is "
                  "recorded, and they must use a second factor.")

    # Password hashes and sign-in times are not history worth keeping.
    history = HistoricalRecords(excluded_fields=["password", "last_login"])
    objects = UserManager()

    class Meta:
        ordering = ["first_name", "last_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username

    def set_password(self, raw_password):
        super().set_password(raw_password)
        # The hash is never kept in history, but the change itself is recorded.
        self._change_reason = "Password changed"

    @property
    def signs_in_through_provider(self) -> bool:
        return self.provider_subject is not None

    def has_role(self, *roles: Role) -> bool:
        return self.is_active and self.role in roles

    @property
    def sees_child_level(self) -> bool:
        """Whether this person has child-level access: by their role, or given by name.
        (Ask ``child_level.may_see``, the permission, rather than this.)"""
        if self.role in OUTSIDE_THE_COUNCIL:
            return False
        return self.is_active and (self.role in CHILD_LEVEL_ACCESS or self.child_level_access)


class ChildLevelRead(models.Model):
    """Someone saw or downloaded records about individual children: who, when, what and
    through which filter. Written by every page and download that shows child-level
    values (accounts/child_level.py), never changed, read by administrators."""

    class Action(models.TextChoices):
        VIEWED = "viewed", "Viewed"
        DOWNLOADED = "downloaded", "Downloaded"

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="child_level_reads")
    at = models.DateTimeField("when", auto_now_add=True, db_index=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    what = models.CharField("what was seen", max_length=300)
    # The record it came from, as "app_label.model:pk", to find every read of one record.
    record = models.CharField(max_length=120, db_index=True)
    filters = models.JSONField("filter", default=dict, blank=True)
    file_format = models.CharField("format", max_length=10, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "child-level read"

    def __str__(self):
        return f"{self.user} {self.get_action_display().lower()} {self.what}"
