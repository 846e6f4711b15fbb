"""Who receives a to-do or a notice: the zone's staff, or an enterprise's own users. Every app's machines and
services ask here, so "staff" means the same people everywhere."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from gaoxin.accounts.roles import Role


def staff_users() -> list:
    """Active 区工作人员 and 区管理员."""
    users = get_user_model().objects.filter(is_active=True, groups__name__in=[Role.zone_staff.value,
                                                                              Role.zone_admin.value])
    return list(users.distinct())


def enterprise_users(record) -> list:
    """The active users of the enterprise a record (a need, an application…) belongs to."""
    return list(get_user_model().objects.filter(profile__enterprise_id=record.enterprise_id, is_active=True))
