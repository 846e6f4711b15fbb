"""One state machine for every process object (applications, awards, tranches, reports): declared as data, moved
only by `advance`, which rejects illegal moves, records the transition, closes the object's open to-do items,
opens the next ones and notifies.

A move locks the object's row first (SELECT … FOR UPDATE), so two people acting at once cannot both move it
from the same state: the second sees the new state and is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext

from gaoxin.accounts.scope import RULES, Scope
from gaoxin.workflow.models import Task, Transition
from gaoxin.workflow.notify import notify

MACHINES: dict[str, Machine] = {}  # every machine declared, by name (each registers itself)


class IllegalTransition(ValueError):
    """A move the machine does not allow from the object's current state; the message says why in Chinese."""


@dataclass(frozen=True)
class Edge:
    action: str
    label: str  # the button's words, e.g. 提交申报
    source: tuple[str, ...]
    target: str
    who: str  # the rule (declared in an app's permissions.py) that says who may make this move
    needs_reason: bool = False


@dataclass(frozen=True)
class Machine:
    name: str
    states: dict[str, str]  # code → 中文
    edges: tuple[Edge, ...]
    state_field: str = "status"
    # who must act once the object is in a state: [(user, 待办标题)]
    tasks: Callable[[models.Model, str], list[tuple[object, str]]] = field(default=lambda obj, state: [])
    # who hears of every move (e.g. the applicant's users)
    watchers: Callable[[models.Model], Iterable] = field(default=lambda obj: [])
    link: Callable[[models.Model], str] = field(default=lambda obj: "")
    # where the watchers' notices point when their page differs from the one the to-dos open (None: `link`)
    watcher_link: Callable[[models.Model], str] | None = None

    def __post_init__(self) -> None:
        if self.name in MACHINES:
            raise ValueError(f"two machines named {self.name}")
        MACHINES[self.name] = self
        for edge in self.edges:
            unknown = {*edge.source, edge.target} - set(self.states)
            if unknown:
                raise ValueError(f"{self.name}.{edge.action}: unknown states {sorted(unknown)}")
        actions = [e.action for e in self.edges]
        for edge in self.edges:
            if not isinstance(edge.who, str):
                raise ValueError(f"{self.name}.{edge.action}: who must name a rule of permissions.py")
        if len(set(actions)) != len(actions):
            raise ValueError(f"{self.name}: duplicate actions")

    def edge(self, action: str) -> Edge:
        for edge in self.edges:
            if edge.action == action:
                return edge
        raise IllegalTransition(gettext("没有“{action}”这一操作").format(action=action))

    def label(self, state: str) -> str:
        return self.states.get(state, state)

    def available(self, obj: models.Model, who) -> list[Edge]:
        """The moves a user (or scope) may make on `obj` now (for the buttons a page shows)."""
        state, scope = getattr(obj, self.state_field), Scope.of(who)
        return [e for e in self.edges if state in e.source and scope.may(e.who, obj)]

    def require_state(self, obj: models.Model, action: str) -> None:
        """Refuse early (IllegalTransition, the words `advance` would use) when `obj`'s state does not allow
        `action`, before a service does work that only makes sense for the move; `advance` checks again."""
        edge, state = self.edge(action), getattr(obj, self.state_field)
        if state not in edge.source:
            raise IllegalTransition(gettext("当前状态为“{state}”，不能{edge_label}")
                    .format(state=self.label(state), edge_label=edge.label))

    def check_rules(self) -> None:
        """Every move names a declared rule (called by the tests once every permissions.py is loaded)."""
        unknown = [e.who for e in self.edges if e.who not in RULES]
        if unknown:
            raise ValueError(f"{self.name}: undeclared rules {unknown}")


def advance(machine: Machine, obj: models.Model, action: str, by, reason: str = "",
            change: Callable[[models.Model], None] | None = None) -> models.Model:
    """Move `obj` by `action` on behalf of `by`; `change` may set other fields in the same transaction.

    Raises IllegalTransition (wrong state, missing reason) or PermissionDenied (not this user's move); nothing is
    written then. Returns the object as saved.
    """
    edge, scope = machine.edge(action), Scope.of(by)
    by = scope.actor
    with transaction.atomic():
        locked = type(obj).objects.select_for_update().get(pk=obj.pk)
        state = getattr(locked, machine.state_field)
        machine.require_state(locked, action)
        if not scope.may(edge.who, locked):
            raise PermissionDenied(gettext("无权{edge_label}").format(edge_label=edge.label))
        if edge.needs_reason and not reason.strip():
            raise IllegalTransition(gettext("{edge_label}须填写原因").format(edge_label=edge.label))
        if change is not None:
            change(locked)
        setattr(locked, machine.state_field, edge.target)
        locked.save()
        _record(machine, locked, edge, state, by, reason)
    setattr(obj, machine.state_field, edge.target)
    return locked


def _record(machine: Machine, obj: models.Model, edge: Edge, before: str, by, reason: str) -> None:
    kind = ContentType.objects.get_for_model(obj)
    Transition.objects.create(content_type=kind, object_id=obj.pk, machine=machine.name, action=edge.action,
                              from_state=before, to_state=edge.target, by=by if _is_user(by) else None,
                              reason=reason.strip()[:500])
    Task.objects.filter(content_type=kind, object_id=obj.pk, done_at=None).update(done_at=timezone.now())
    link = machine.link(obj)
    todo = machine.tasks(obj, edge.target)
    Task.objects.bulk_create(Task(content_type=kind, object_id=obj.pk, user=user, title=title[:200], link=link)
                             for user, title in todo)
    message = f"{obj}：{edge.label}，状态变为“{machine.label(edge.target)}”" + (f"（{reason.strip()}）"
                                                                         if reason.strip() else "")
    if machine.watcher_link is None:
        notify([*machine.watchers(obj), *(user for user, _ in todo)], message, link)
    else:
        notify(list(machine.watchers(obj)), message, machine.watcher_link(obj))
        notify([user for user, _ in todo], message, link)


def _is_user(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def history(obj: models.Model) -> list[Transition]:
    kind = ContentType.objects.get_for_model(obj)
    return list(Transition.objects.filter(content_type=kind, object_id=obj.pk).select_related("by"))


def open_task(obj: models.Model, user, title: str, link: str = "") -> Task:
    """A to-do outside a state move (e.g. a reviewer's assignment), closed by `close_tasks` when done."""
    return Task.objects.create(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, user=user,
                               title=title[:200], link=link[:300])


def close_tasks(obj: models.Model) -> None:
    Task.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk,
                        done_at=None).update(done_at=timezone.now())
