"""`{% moves machine obj [prefix [key]] %}`: the buttons of the moves the user may make on `obj` now, each a form
posting its typed input to the one URL of that move. Each button's id is `prefix-key-action` (`do-submit`,
`tranche-1-pay`), so a page and its browser tests can name it."""

from __future__ import annotations

from django import template

from gaoxin.workflow.machine import MACHINES
from gaoxin.workflow.moves import command_for, offered

register = template.Library()


@register.inclusion_tag("workflow/_moves.html", takes_context=True)
def moves(context, machine: str, obj, prefix: str = "", key=None) -> dict:
    found = MACHINES[machine]
    edges = [e for e in found.available(obj, context["request"].user) if offered(found, e.action)]
    stem = "-".join(str(part) for part in (prefix or machine, key) if part not in (None, ""))
    return {"machine": machine, "obj": obj, "csrf_token": context.get("csrf_token"),
            "moves": [(edge, command_for(found, edge.action, obj=obj), f"{stem}-{edge.action}") for edge in edges]}
