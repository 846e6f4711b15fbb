"""The five roles of the platform, each a Django group with the model permissions it needs.

Model permissions say what kind of thing a role may touch; which enterprise it may touch is decided per object
in the selectors (`registry.selectors.visible_enterprises`), because an enterprise user may see only its own.
"""

from __future__ import annotations

from enum import StrEnum
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group, Permission
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext


class Role(StrEnum):
    zone_admin = "zone_admin"
    zone_staff = "zone_staff"
    reviewer = "reviewer"
    enterprise_user = "enterprise_user"
    park_liaison = "park_liaison"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.zone_admin: "区管理员",
    Role.zone_staff: "区工作人员",
    Role.reviewer: "评审专家",
    Role.enterprise_user: "企业用户",
    Role.park_liaison: "园区联络员",
}

_STAFF_PERMS = [
    f"{action}_{model}"
    for model in ("enterprise", "annualfigures", "intellectualproperty", "titleheld", "park", "figuresfiling")
    for action in ("view", "add", "change")
] + ["view_auditentry", "view_importbatch", "add_importbatch"]

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.zone_admin: _STAFF_PERMS + ["delete_titleheld", "delete_intellectualproperty", "change_user", "view_user"],
    Role.zone_staff: _STAFF_PERMS,
    Role.reviewer: [],
    Role.enterprise_user: [],
    Role.park_liaison: ["view_enterprise", "view_annualfigures", "view_titleheld", "view_park"],
}


def ensure_role_groups() -> None:
    """Create or update the role groups; run after every migrate, so a fresh database has them."""
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        group.permissions.set(Permission.objects.filter(codename__in=codenames))


def role_of(user: AbstractBaseUser | AnonymousUser) -> Role | None:
    """The user's role; a superuser is a zone admin. Users belong to one role group."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.zone_admin
    names = set(user.groups.values_list("name", flat=True))
    for role in Role:
        if role.value in names:
            return role
    return None


def is_zone_staff(user) -> bool:
    return role_of(user) in (Role.zone_admin, Role.zone_staff)


def staff_required(view):
    """A view only zone staff (and admins) may open; anyone else gets 403, the anonymous the login page."""
    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        from gaoxin.accounts.scope import Scope

        if not Scope.of(request.user).is_staff:
            raise PermissionDenied(gettext("仅区工作人员可访问"))
        return view(request, *args, **kwargs)

    return wrapped


def zone_or_park_required(view):
    """A view for zone staff and park liaisons (who then see their park's enterprises only); others get 403."""
    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        from gaoxin.accounts.scope import Scope

        scope = Scope.of(request.user)
        if not (scope.is_staff or scope.is_liaison):
            raise PermissionDenied(gettext("仅区工作人员和园区联络员可访问"))
        return view(request, *args, **kwargs)

    return wrapped


def user_label(user) -> str:
    """How a user is named on pages, exports and the audit log: the profile's name, else the login name."""
    profile = getattr(user, "profile", None)
    return str(profile) if profile else user.get_username()
