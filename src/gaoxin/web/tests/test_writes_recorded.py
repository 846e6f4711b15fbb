"""Every service write leaves a record: an audit entry (who, what, old → new) or a workflow transition.

The writing functions are found in the source (a public function of a domain module that saves, creates,
updates, deletes or moves a status). Each must be declared here: RECORDED (every call leaves a record) or
UNRECORDED with the reason it leaves none. The demo zone is built through the services, so building it with
every RECORDED function watched shows, call by call, that each left its record.
"""

from __future__ import annotations

import ast
import functools
import importlib
import re
import sys
from pathlib import Path

from gaoxin.registry.models import AuditEntry
from gaoxin.workflow.models import Transition

ROOT = Path(__file__).resolve().parents[2]
EDGES = {"tests", "migrations", "demo", "bench", "api", "web", "templatetags", "contract", "intake", "engine"}
EDGE_FILES = {"views.py", "models.py", "admin.py", "apps.py", "urls.py", "forms.py", "cli.py", "conftest.py",
              "moves.py"}
WRITES = re.compile(r"\.save\(|\.create\(|bulk_create|bulk_update|\.delete\(|update_or_create|get_or_create|"
                    r"\badvance\(|\bsave_changes\(|objects[^\n]*\.update\(")

RECORDED = {
    "registry.title_lists.record", "registry.title_lists.record_matched", "registry.title_lists.write_titles",
    "registry.patents.import_patents", "registry.patents.derive_counts", "registry.business.import_business",
    "tracking.imports.import_projects", "innovation.imports.import_carrier_years",
    "cultivation.campaigns.launch", "cultivation.campaigns.answer",
    "benefits.runs.generate", "benefits.runs.approve", "benefits.services.raise_objection",
    "benefits.services.answer_objection",
    "cultivation.services.assign_officer", "cultivation.services.set_target", "cultivation.services.enter_pool",
    "cultivation.services.leave_pool", "cultivation.whatif.create_scenario", "cultivation.whatif.update_scenario",
    "financing.services.save_product", "financing.services.refer", "financing.services.grant",
    "financing.services.draw", "financing.services.decline",
    "innovation.incubation.admit", "innovation.incubation.graduate", "innovation.incubation.leave",
    "innovation.services.request", "innovation.services.draw", "innovation.services.conclude",
    "innovation.services.save_prospect", "innovation.services.add_carrier",
    "programs.setup.apply_form",
    "programs.competition.withdraw", "programs.competition.start_round", "programs.competition.close_round",
    "programs.competition.award_prizes", "programs.competition.pay_prize",
    "programs.money.allocate", "programs.money.answer_appeal", "programs.money.confirm", "programs.money.sign",
    "programs.money.report_milestone", "programs.money.pay",
    "programs.outcomes.submit_followup",
    "programs.review.draw",
    "programs.services.submit", "programs.services.decide_completeness",
    "registry.importer.import_file", "registry.services.save_filing", "registry.services.transition_filing",
    "registry.services.record_grant", "registry.services.update_figures", "registry.people.import_people",
    "tracking.services.file_report", "tracking.services.escalate", "tracking.services.respond",
    "tracking.visits.schedule", "tracking.visits.record", "tracking.visits.raise_need", "tracking.visits.reply",
    "tracking.visits.close", "tracking.visits.transfer",
    "workflow.machine.advance", "registry.audit.record", "registry.audit.save_changes",
    "financing.services.file_need", "innovation.services.register", "programs.competition.register",
    "programs.services.start", "programs.competition.link_enterprise", "programs.competition.record_precredit",
    "programs.outcomes.evaluate_performance", "programs.money.file_appeal",
}

UNRECORDED = {  # writes that leave no audit entry or transition, and why none is needed
    "registry.title_lists.keep": "a 名单 kept for review: the ImportBatch is itself the record (who, when, file)",
    "registry.title_lists.template_workbook": "builds the list template in memory (book.save to a buffer)",
    "accounts.lockout.failed": "sign-in throttling counters, not data",
    "accounts.lockout.succeeded": "sign-in throttling counters, not data",
    "accounts.roles.ensure_role_groups": "installs the fixed role groups at start-up",
    "accounts.tokens.issue": "API tokens: the token list shows each with its creation and last use",
    "accounts.tokens.user_for": "stamps a token's last use",
    "accounts.tokens.revoke": "API tokens: a revoked token stays listed with the time it was revoked",
    "benefits.services.mark_stale": "marks derived matches for recomputation",
    "benefits.services.notify_qualified": "notifications (their own record)",
    "benefits.services.read_notices": "marks an enterprise's notices read",
    "benefits.whatif.simulate": "writes only the what-if's Excel output",
    "cultivation.jobs.whatif_job": "stores a scenario's computed result",
    "cultivation.report.to_docx.docx_from_blocks": "builds a Word file in memory",
    "cultivation.services.replace_in_batches": "stores derived verdicts (recomputed from recorded data)",
    "cultivation.services.mark_stale": "marks derived verdicts for recomputation",
    "cultivation.whatif.run_scenario": "stores a scenario's computed result",
    "dashboard.peers.import_peers": "reference figures of other zones, replaced whole from their file",
    "innovation.services.submit": "an expert's scores, kept on the review and read by the conclusion's record",
    "innovation.services.update_transfer": "the achievement's 转化 fields, shown with their date",
    "jobs.services.enqueue": "queue mechanics (decision 0014)",
    "jobs.services.run_next": "queue mechanics (decision 0014)",
    "jobs.services.run": "queue mechanics (decision 0014)",
    "programs.competition.import_entries": "creates entries in their first state, from a kept import batch",
    "programs.money.agreement_docx": "builds a Word file in memory",
    "programs.outcomes.schedule_followups": "creates the follow-up reports due, in their first state",
    "programs.review.score": "a reviewer's scores, kept on the assignment with the time submitted",
    "programs.services.save_answers": "an applicant's draft before submission (submission is a transition)",
    "programs.services.attach": "a draft's attachment, kept with who uploaded it and when",
    "programs.services.detach": "removes a draft's attachment before submission",
    "registry.audit.entry": "builds an audit entry (the caller saves it)",
    "registry.uploads.store": "keeps an uploaded file as an import batch (the batch is the record)",
    "registry.uploads.run_stored": "runs a kept import batch (the batch is the record)",
    "registry.uploads.record_outcome": "the import batch's outcome (the batch is the record)",
    "registry.uploads.reject": "a refused import: only the batch and its problems (the batch is the record)",
    "workflow.machine.open_task": "to-do items (their own record)",
    "workflow.notify.in_app": "notifications (their own record)",
    "cultivation.campaigns.remind": "notifications (their own record) and the day of the last reminder",
    "cultivation.discovery.record": "主动发现 found by the system (their own record, dated; follow-ups move on the "
                                    "DISCOVERY machine, which records each move)",
}

NOT_IN_DEMO = {  # recorded writes the demo zone does not make; each app's own tests walk them
    "cultivation.campaigns.launch", "cultivation.campaigns.answer",
    "registry.title_lists.record", "registry.title_lists.record_matched", "registry.title_lists.write_titles",
    "tracking.imports.import_projects", "innovation.imports.import_carrier_years",
    "registry.patents.import_patents", "registry.patents.derive_counts", "registry.business.import_business",
    "benefits.runs.generate", "benefits.runs.approve", "benefits.services.raise_objection",
    "benefits.services.answer_objection", "cultivation.services.assign_officer", "cultivation.services.enter_pool",
    "cultivation.services.leave_pool", "cultivation.whatif.create_scenario", "cultivation.whatif.update_scenario",
    "innovation.incubation.leave", "innovation.services.add_carrier", "programs.setup.apply_form",
    "programs.competition.withdraw", "programs.money.answer_appeal",
    "registry.importer.import_file", "registry.services.save_filing", "registry.services.transition_filing",
    "registry.services.record_grant", "registry.services.update_figures", "registry.people.import_people",
    "tracking.visits.transfer", "programs.money.file_appeal", "cultivation.services.set_target",
    "programs.outcomes.evaluate_performance",
    "programs.outcomes.submit_followup", "programs.services.decide_completeness", "tracking.services.respond",
    "tracking.visits.record",
}


def writing_functions() -> set[str]:
    """Public module-level functions of the domain apps whose body writes, or calls a private function of the
    same module that does."""
    found = set()
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if set(relative.parts[:-1]) & EDGES or relative.parts[0] in EDGES or path.name in EDGE_FILES \
                or path.name.endswith("_views.py") or len(relative.parts) < 2:
            continue
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        bodies = {node.name: "\n".join(lines[node.lineno - 1:node.end_lineno])
                  for node in ast.parse(source).body if isinstance(node, ast.FunctionDef)}
        writers = {name for name, body in bodies.items() if WRITES.search(body)}
        private = {name for name in writers if name.startswith("_")}
        for name, body in bodies.items():
            if not name.startswith("_") and (name in writers or any(f"{p}(" in body for p in private)):
                found.add(".".join((*relative.with_suffix("").parts, name)))
    return found


def test_every_writing_function_is_declared_recorded_or_says_why_not():
    found = writing_functions()
    undeclared = found - RECORDED - set(UNRECORDED)
    assert not undeclared, f"declare these writes in RECORDED or UNRECORDED: {sorted(undeclared)}"
    assert not (RECORDED & set(UNRECORDED))
    gone = (RECORDED | set(UNRECORDED)) - found
    assert not gone, f"no longer found (rename or remove them here): {sorted(gone)}"


def _records() -> int:
    return AuditEntry.objects.count() + Transition.objects.count()


def _watch(monkeypatch, calls: dict[str, list[bool]]) -> None:
    """Wrap every RECORDED function, where it is defined and wherever it was imported by name."""
    for dotted in RECORDED:
        module_name, name = dotted.rsplit(".", 1)
        original = getattr(importlib.import_module(f"gaoxin.{module_name}"), name)

        @functools.wraps(original)
        def watched(*args, __original=original, __name=dotted, **kwargs):
            before = _records()
            result = __original(*args, **kwargs)
            calls.setdefault(__name, []).append(_records() > before)
            return result

        for module in [m for n, m in sys.modules.items() if n.startswith("gaoxin.") and m is not None]:
            if getattr(module, name, None) is original:
                monkeypatch.setattr(module, name, watched)


def test_each_recorded_write_the_demo_zone_makes_leaves_a_record_every_time(db, monkeypatch):
    from gaoxin.demo.accounts import ensure_demo_users
    from gaoxin.demo.competition import seed_competition
    from gaoxin.demo.financing import seed_financing
    from gaoxin.demo.generator import generate_zone
    from gaoxin.demo.innovation import seed_innovation
    from gaoxin.demo.loader import load_zone
    from gaoxin.demo.plan import seed_plan
    from gaoxin.demo.programs import seed_programs
    from gaoxin.demo.tracking import seed_projects, seed_visits

    calls: dict[str, list[bool]] = {}
    load_zone(generate_zone(400, seed=7))
    _watch(monkeypatch, calls)
    seed_plan()
    ensure_demo_users()
    for seed in (seed_programs, seed_competition, seed_projects, seed_visits, seed_financing, seed_innovation):
        seed()
    silent = {name: results.count(False) for name, results in calls.items() if not all(results)}
    assert not silent, f"calls that left no audit entry or transition: {silent}"
    missed = " ".join(sorted(RECORDED - NOT_IN_DEMO - set(calls)))
    assert set(calls) == RECORDED - NOT_IN_DEMO, (f"not called: {missed}", sorted(set(calls) & NOT_IN_DEMO))


def test_records_without_an_enterprise_are_audited_with_who_and_what_changed(db, staff):
    """Program set-up, loan products, carriers and targets belong to no enterprise; their history is kept too."""
    from gaoxin.cultivation.services import set_target
    from gaoxin.financing.models import LoanProduct
    from gaoxin.financing.services import save_product
    from gaoxin.innovation.services import add_carrier
    from gaoxin.programs.models import Program
    from gaoxin.programs.setup import apply_form
    from gaoxin.registry.audit import history_of

    form = {"name": "研发补助", "kind": "rd_subsidy", "year": "2026", "budget": "100", "opens_on": "2026-04-01",
            "closes_on": "2026-04-30"}
    program = apply_form(Program(), form, staff)
    apply_form(program, form | {"budget": "120"}, staff)
    product = save_product(LoanProduct(), {"bank": "青江银行", "name": "科创贷", "kind": "tech", "max_amount": "500"},
                           staff)
    carrier = add_carrier({"name": "青江创业园", "area": "1200"}, staff)
    target = set_target("high_tech", 2026, 5, staff)
    set_target("high_tech", 2026, 8, staff)
    changed, created = history_of(program)
    assert (created.action, changed.action, changed.user) == ("create", "update", staff)
    assert changed.changes == {"budget": ["100", "120"]} and changed.enterprise is None
    assert history_of(product).get().changes["max_amount"] == ["（空）", "500"]
    assert history_of(carrier).get().changes["area"] == ["（空）", "1200"]
    assert history_of(target).first().changes == {"target_new": ["5", "8"]}
