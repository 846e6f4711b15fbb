"""Program set-up by staff: the typed values of `forms.ProgramCommand` become the program and its rounds.

Staff write the program's lists the way they would in a notice, one item per line, parts separated by "|"
(the form's labels say how); `schemas` holds the shape each list is stored in. Eligibility is chosen from the
titles and policies the platform knows, plus 成立年限 and 上年营业收入 limits, which become engine clauses.
"""

from __future__ import annotations

from django.db import transaction

from gaoxin.accounts.scope import Scope
from gaoxin.core.commands import parse
from gaoxin.programs.forms import ProgramCommand
from gaoxin.programs.models import Program, Round
from gaoxin.registry import audit


def apply_form(program: Program, data, by) -> Program:
    """Check `data` (a page's POST, a script's dict) with ProgramCommand and save, audited: Invalid, naming each
    field, when anything is wrong, and then nothing is saved. Staff only."""
    Scope.of(by).require("programs.manage", program)
    return _save(program, parse(ProgramCommand, data, program=program), by)


def _save(program: Program, values: dict, by) -> Program:
    """Store a checked program; a competition's rounds are replaced while none has started."""
    with transaction.atomic():
        if program.pk is None:
            program.created_by = Scope.of(by).actor
        audit.save_changes(by, program, values, ProgramCommand.STORED)
        if program.kind == "competition" and not program.rounds.exclude(status="pending").exists():
            program.rounds.all().delete()
            Round.objects.bulk_create(Round(program=program, seq=i, **r)
                                      for i, r in enumerate(values["rounds"], start=1))
    return program
