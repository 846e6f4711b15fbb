"""One URL per move: `POST /work/<machine>/<pk>/<action>/` moves an object on its machine, whatever the app.

Each app declares, in a `moves.py`, which rows of a machine a scope may act on (`rows`), where the page goes back
to (`back`), and for the moves that need more than a reason, the typed input (a Django form) and the service
that performs them (`@performs`). A move with none is `advance` with the reason the edge may require. The
generic view (`workflow.views.move`) and the `{% moves %}` tag use this registry, so no page dispatches on an
`action=` string and every move answers to the machine's rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Model, QuerySet

from gaoxin.accounts.scope import Scope
from gaoxin.workflow.machine import Edge, Machine, advance


class ReasonCommand(forms.Form):
    """What a plain move takes: its reason when the edge requires one, else nothing (a button)."""

    reason = forms.CharField(label="原因", max_length=500, error_messages={"required": "必填"},
                             widget=forms.TextInput(attrs={"size": 30}))

    def __init__(self, *args, edge: Edge | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if edge is None or not edge.needs_reason:
            del self.fields["reason"]


@dataclass(frozen=True)
class Place:
    """Where a machine's objects live for the generic view: the rows a scope may act on, and the page to go
    back to after a move."""

    rows: Callable[[Scope], QuerySet]
    back: Callable[[Model], str]
    plain: frozenset[str]  # moves that are `advance` alone; every other one must have a performer


@dataclass(frozen=True)
class Performer:
    command: type[forms.Form]
    do: Callable[[Model, Any, dict], Any]  # (object, acting user, cleaned data)
    initial: Callable[[Model], dict] | None = None  # the blank form's starting values for this object


PLACES: dict[str, Place] = {}
PERFORMERS: dict[tuple[str, str], Performer] = {}


def place(machine: Machine, rows: Callable[[Scope], QuerySet], back: Callable[[Model], str],
          plain: tuple[str, ...] = ()) -> None:
    """Let the generic view move `machine`'s objects: those in `rows(scope)`, then back to `back(obj)`. `plain`
    names the moves that are nothing but `advance` with a reason; any other move is offered only once a service
    `performs` it, so the one URL can never skip what a service does with a move (money, figures, to-dos)."""
    for action in plain:
        machine.edge(action)
    PLACES[machine.name] = Place(rows, back, frozenset(plain))


def offered(machine: Machine, action: str) -> bool:
    """Whether the one URL does this move: a plain move of a placed machine, or one a service performs."""
    where = PLACES.get(machine.name)
    return where is not None and (action in where.plain or (machine.name, action) in PERFORMERS)


def performs(machine: Machine, action: str, command: type[forms.Form],
             initial: Callable[[Model], dict] | None = None):
    """Register `fn(obj, by, data)` as the service behind `action`, taking `command`'s cleaned data (when it
    returns a string, the page shows that instead of "…：已完成"); `initial`
    gives the page's form its starting values for an object (the tranche's amount, last year's figures)."""
    machine.edge(action)  # an unknown action is a programming error

    def register(fn):
        PERFORMERS[(machine.name, action)] = Performer(command, fn, initial)
        return fn
    return register


def command_for(machine: Machine, action: str, data=None, obj: Model | None = None) -> forms.Form:
    """The typed input of a move, bound to `data` (or blank for the page's form, starting from `obj`)."""
    performer = PERFORMERS.get((machine.name, action))
    if performer is None:
        return ReasonCommand(data, edge=machine.edge(action), prefix=action)
    start = performer.initial(obj) if performer.initial and obj is not None and data is None else None
    return performer.command(data, prefix=action, initial=start)


def perform(machine: Machine, obj: Model, action: str, by, command: forms.Form) -> Any:
    """Do a validated move: its service when it has one, else `advance` with the reason."""
    if not offered(machine, action):
        raise LookupError(f"{machine.name}.{action} is not offered on the one URL")
    performer = PERFORMERS.get((machine.name, action))
    if performer is None:
        return advance(machine, obj, action, by, command.cleaned_data.get("reason", ""))
    return performer.do(obj, by, command.cleaned_data)
