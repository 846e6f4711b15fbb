"""资金与项目's background job: importing a competition's uploaded entry list (queued by
`competition.queue_entries`)."""

from __future__ import annotations

from gaoxin.jobs.services import handler
from gaoxin.programs import competition
from gaoxin.programs.models import Program
from gaoxin.registry.uploads import outcome_message


@handler("competition_entries")
def entries_job(params: dict, progress) -> str:
    """params: program, batch (ids). All or nothing; the batch page shows the outcome and its errors."""
    progress(1, "正在读取并检查报名表")
    program = Program.objects.get(pk=params["program"])
    return outcome_message(competition.run_entries(program, int(params["batch"])))
