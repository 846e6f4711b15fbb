"""Demo logins, one per role, so anyone can try the platform from the first start."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from gaoxin.accounts.models import Profile
from gaoxin.accounts.roles import Role, ensure_role_groups
from gaoxin.registry.models import Enterprise, Park

DEMO_PASSWORD = "gaoxin-demo-2025"
DEMO_USERS = (
    (Role.zone_admin, "admin", "区管理员（演示）"),
    (Role.zone_staff, "staff", "科技局 王晓（演示）"),
    (Role.reviewer, "expert", "评审专家 李教授（演示）"),
    (Role.enterprise_user, "enterprise", "企业填报员（演示）"),
    (Role.park_liaison, "liaison", "园区联络员（演示）"),
)


def ensure_demo_users() -> list[tuple[str, str]]:
    """Create the demo users if missing; the enterprise user acts for the first demo enterprise by name."""
    ensure_role_groups()
    User = get_user_model()
    shown = []
    for role, username, display in DEMO_USERS:
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_password(DEMO_PASSWORD)
            user.is_staff = role is Role.zone_admin
            user.is_superuser = role is Role.zone_admin
            user.save()
            user.groups.add(Group.objects.get(name=role.value))
        profile, _ = Profile.objects.get_or_create(user=user, defaults={"display_name": display})
        if role is Role.enterprise_user and profile.enterprise_id is None:
            profile.enterprise = Enterprise.objects.filter(annual_figures__year=2025).order_by("name").first()
            profile.save()
        if role is Role.park_liaison and profile.park_id is None:
            profile.park = Park.objects.order_by("id").first()
            profile.save()
        shown.append((role.label, username))
    return shown
