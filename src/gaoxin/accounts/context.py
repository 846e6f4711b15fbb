from gaoxin.accounts.roles import Role, role_of


def roles(request):
    """The current user's role, for the navigation of every page."""
    role = role_of(request.user) if hasattr(request, "user") else None
    return {
        "role": role,
        "role_label": role.label if role else "",
        "is_staff_role": role in (Role.zone_admin, Role.zone_staff),
    }
