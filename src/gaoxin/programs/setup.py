"""Program set-up by staff: the typed values of `forms.ProgramCommand` become the program and its rounds.

Staff write the program's lists the way they would in a notice, one item per line, parts separated by "|"
(the form's labels say how); `schemas` holds the shape each list is stored in. Eligibility is chosen from the
titles and policies the platform knows, plus 成立年限 and 上年营业收入 limits, which become engine clauses.
"""

from __future__ import annotations

from django.db import transaction

from gaoxin.core.commands import parse
from gaoxin.programs.forms import ProgramCommand
from gaoxin.programs.models import Program, Round

PLAIN = ("name", "kind", "year", "department", "guide", "budget", "award_cap", "opens_on", "closes_on",
         "pass_score", "publicity_days", "reviewers_per_application", "aggregation", "form_fields", "attachments",
         "rubric", "tranche_plan", "tracks", "prize_tiers")


def apply_form(program: Program, data) -> Program:
    """Check `data` (a page's POST, a script's dict) with ProgramCommand and save: Invalid, naming each field,
    when anything is wrong, and then nothing is saved."""
    return _save(program, parse(ProgramCommand, data, program=program))


def _save(program: Program, values: dict) -> Program:
    """Store a checked program; a competition's rounds are replaced while none has started."""
    for name in (*PLAIN, "eligibility"):
        setattr(program, name, values[name])
    with transaction.atomic():
        program.save()
        if program.kind == "competition" and not program.rounds.exclude(status="pending").exists():
            program.rounds.all().delete()
            Round.objects.bulk_create(Round(program=program, seq=i, **r)
                                      for i, r in enumerate(values["rounds"], start=1))
    return program
