"""/me: who the token acts for, so a client can check its credentials and scope before it reads anything."""

from __future__ import annotations

from ninja import Router

from gaoxin.accounts.roles import role_of
from gaoxin.api.schemas import Me, answers

router = Router(tags=["账号"])


@router.get("/me", response=answers(Me), url_name="me", summary="当前用户与权限范围")
def me(request):
    user, role = request.user, role_of(request.user)
    profile = getattr(user, "profile", None)
    return {"username": user.get_username(), "display_name": getattr(profile, "display_name", "") or "",
            "role": role.value if role else None, "role_label": role.label if role else None,
            "enterprise": profile.enterprise.credit_code if profile and profile.enterprise_id else None,
            "park": profile.park.name if profile and profile.park_id else None}
