"""Who is acting, decided once per request or command, and the one question every edge asks of it.

A `Scope` holds the acting user, their role and what they are attached to (a park for a liaison, an enterprise for
an enterprise user). It is built once per request (`ScopeMiddleware` sets `request.scope`) or once per command
(`Scope.for_system`), and cached on the user object, so a page asking twenty questions reads the groups and profile
once.

Every "may this scope do that to this object?" goes through `scope.may(action, obj)`: the rules themselves are
declared per app in its `permissions.py` (`@rule("programs.pay_prize")`) and looked up here by name; an action no
app declared is a programming error, not a silent yes. Services take the scope and call `scope.require(...)`, so a
view, the REST API, the CLI and a job are held to the same rule. Which rows a scope may read is here too
(`enterprises`, `of_enterprises`), and which figures it may read is `accounts.masking`.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.functional import SimpleLazyObject
from django.utils.module_loading import autodiscover_modules

from gaoxin.accounts.roles import Role, role_of, user_label

Rule = Callable[["Scope", Any], bool]
RULES: dict[str, tuple[Rule, str]] = {}  # action → (rule, the refusal in Chinese)


def rule(action: str, refusal: str = "无权进行此操作") -> Callable[[Rule], Rule]:
    """Declare who may do `action` (in an app's permissions.py): `rule(scope, obj) -> bool`."""
    def register(fn: Rule) -> Rule:
        if action in RULES and RULES[action][0] is not fn:
            raise ValueError(f"rule {action} declared twice")
        RULES[action] = (fn, refusal)
        return fn

    return register


def load_rules() -> None:
    """Import every app's permissions.py (at start-up, from the accounts app's ready())."""
    autodiscover_modules("permissions")


@dataclass(frozen=True, eq=False)
class Scope:
    user: Any | None
    role: Role | None
    park_id: int | None = None
    enterprise_id: int | None = None
    system: bool = False
    label: str = field(default="")

    @classmethod
    def of(cls, who) -> Scope:
        """The scope of a user (cached on the user object), of a scope (itself), or of None: the system."""
        if isinstance(who, Scope):
            return who
        if who is None:
            return cls.for_system()
        cached = getattr(who, "_gaoxin_scope", None)
        if cached is not None:
            return cached
        role = role_of(who)
        profile = getattr(who, "profile", None) if who.is_authenticated else None
        made = cls(user=who, role=role,
                   park_id=profile.park_id if profile and role is Role.park_liaison else None,
                   enterprise_id=profile.enterprise_id if profile and role is Role.enterprise_user else None,
                   label=user_label(who) if who.is_authenticated else "")
        with suppress(AttributeError):
            who._gaoxin_scope = made
        return made

    @classmethod
    def for_system(cls, label: str = "系统") -> Scope:
        """A command or job acting for the zone itself: every rule answers yes, every row and figure is visible."""
        return cls(user=None, role=None, system=True, label=label)

    # who
    @property
    def is_staff(self) -> bool:
        return self.system or self.role in (Role.zone_admin, Role.zone_staff)

    @property
    def is_admin(self) -> bool:
        return self.system or self.role is Role.zone_admin

    @property
    def is_liaison(self) -> bool:
        return self.role is Role.park_liaison and self.park_id is not None

    @property
    def is_enterprise(self) -> bool:
        return self.role is Role.enterprise_user and self.enterprise_id is not None

    @property
    def is_reviewer(self) -> bool:
        return self.role is Role.reviewer

    def owns(self, enterprise_id: int | None) -> bool:
        """Whether this is a user of that enterprise, acting for it."""
        return self.is_enterprise and enterprise_id is not None and enterprise_id == self.enterprise_id

    def serves(self, park_id: int | None) -> bool:
        """Whether this is the liaison of that park."""
        return self.is_liaison and park_id is not None and park_id == self.park_id

    def is_user(self, user_id: int | None) -> bool:
        return user_id is not None and self.user_id == user_id

    @property
    def user_id(self) -> int | None:
        return getattr(self.user, "pk", None)

    @property
    def actor(self):
        """The user to record as having acted (None for the system)."""
        return self.user if self.user is not None and self.user.is_authenticated else None

    def reviewed_applications(self) -> QuerySet:
        """The applications this scope is assigned to review (a reviewer's reading rights follow them)."""
        Application = apps.get_model("programs", "Application")  # by label: accounts sits below programs
        if not self.is_reviewer:
            return Application.objects.none()
        return Application.objects.filter(reviews__reviewer__user_id=self.user_id)

    # what it may do
    def may(self, action: str, obj: Any = None) -> bool:
        if action not in RULES:
            raise KeyError(f"no app declares the rule {action!r}")
        return self.system or bool(RULES[action][0](self, obj))

    def require(self, action: str, obj: Any = None) -> None:
        """Refuse (PermissionDenied, its Chinese reason) unless the scope may do `action` to `obj`."""
        if not self.may(action, obj):
            raise PermissionDenied(RULES[action][1])

    # which rows it may read
    def enterprises(self) -> QuerySet:
        """The enterprises this scope may read: staff and the system all, a liaison its park's, an enterprise user
        its own, anyone else none."""
        Enterprise = apps.get_model("registry", "Enterprise")  # by label: accounts sits below the registry
        if self.is_staff:
            return Enterprise.objects.all()
        if self.is_liaison:
            return Enterprise.objects.filter(park_id=self.park_id)
        if self.is_enterprise:
            return Enterprise.objects.filter(pk=self.enterprise_id)
        return Enterprise.objects.none()

    def of_enterprises(self, rows: QuerySet, via: str = "enterprise", liaison: bool = True,
                       own: bool = True) -> QuerySet:
        """Rows tied to an enterprise through `via`, as this scope may read them: staff all, a liaison its park's
        (unless `liaison` is off), an enterprise user its own (unless `own` is off), anyone else none."""
        if self.is_staff:
            return rows
        if self.is_liaison and liaison:
            return rows.filter(**{f"{via}__park_id": self.park_id})
        if self.is_enterprise and own:
            return rows.filter(**{f"{via}_id": self.enterprise_id})
        return rows.none()


class ScopeMiddleware:
    """Puts the acting scope on every request as `request.scope`, built when first asked: after sign-in, or after
    the API's token auth has set `request.user`, so the scope follows whoever the request finally acts as."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.scope = SimpleLazyObject(lambda: Scope.of(request.user))
        return self.get_response(request)


def scope_of(request) -> Scope:
    """The request's scope (also for requests built without the middleware, as in tests' RequestFactory)."""
    return Scope.of(request.user)
