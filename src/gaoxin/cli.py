"""The `gaoxin` command line: a thin shell over the same services the web app uses."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

app = typer.Typer(help="高新区企业梯度培育平台 Gaoxin", no_args_is_help=True, add_completion=False)
console = Console()
REPO_ROOT = Path(__file__).resolve().parents[2]
PACKAGE_DIR = Path(__file__).resolve().parent


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gaoxin.web.settings")
    import django

    django.setup()


def progress_bar() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    console=console)


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def manage(ctx: typer.Context) -> None:
    """Run a Django management command (e.g. `gaoxin manage createsuperuser`)."""
    django_setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["gaoxin manage", *ctx.args])


@app.command()
def migrate() -> None:
    """Create or upgrade the database schema (SQLite file by default, DATABASE_URL for PostgreSQL)."""
    from django.conf import settings

    django_setup()
    from django.core.management import call_command

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    console.print("[green]数据库已就绪[/green]")


@app.command()
def assets() -> None:
    """Copy front-end assets from npm into the static files and compile translations (no CDN, no gettext)."""
    import polib

    for po_path in (PACKAGE_DIR / "locale").glob("*/LC_MESSAGES/django.po"):
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
    target = PACKAGE_DIR / "static" / "vendor"
    target.mkdir(parents=True, exist_ok=True)
    source = REPO_ROOT / "node_modules" / "echarts" / "dist" / "echarts.min.js"
    if not source.exists():
        console.print("[red]未找到 node_modules/echarts，请先运行 npm ci[/red]")
        raise typer.Exit(1)
    shutil.copy2(source, target / "echarts.min.js")


@app.command()
def demo(
    enterprises: Annotated[int, typer.Option("--enterprises", "-n", help="企业数量")] = 2000,
    seed: Annotated[int, typer.Option(help="随机种子：同一种子生成同一个园区")] = 2025,
    out: Annotated[Path | None, typer.Option(help="写入目录（Parquet/CSV），不写数据库")] = None,
    fmt: Annotated[str, typer.Option("--format", help="parquet 或 csv（与 --out 同用）")] = "parquet",
) -> None:
    """Build the deterministic synthetic demo zone: into the database, or straight to files when large."""
    from gaoxin.demo.generator import generate_zone

    with console.status(f"生成 {enterprises:,} 家企业…"):
        zone = generate_zone(enterprises, seed=seed)
    if out is not None:
        paths = zone.write(out, fmt)
        for p in paths:
            console.print(f"写入 {p}")
        return
    django_setup()
    from gaoxin.demo.accounts import ensure_demo_users
    from gaoxin.demo.competition import seed_competition
    from gaoxin.demo.financing import seed_financing
    from gaoxin.demo.innovation import seed_innovation
    from gaoxin.demo.loader import load_zone
    from gaoxin.demo.plan import seed_plan
    from gaoxin.demo.programs import seed_programs
    from gaoxin.demo.tracking import seed_projects, seed_visits

    with progress_bar() as bar:
        task = bar.add_task("写入数据库", total=zone.size)
        load_zone(zone, progress=lambda done, total: bar.update(task, completed=done, total=total))
    seed_plan()
    ensure_demo_users()
    with console.status("建立演示扶持项目（上一年度已完成的一轮、本年度申报中的一轮）和上一年度的创新创业大赛…"):
        seed_programs()
        seed_competition()
    with console.status("建立本年度重大项目、进度报告、走访、企业诉求、融资对接和创新服务…"):
        seed_projects()
        seed_visits()
        seed_financing()
        seed_innovation()
    console.print(f"[green]演示园区已载入：{zone.size:,} 家企业[/green]")


@app.command(name="import")
def import_(file: Annotated[Path, typer.Argument(exists=True, dir_okay=False)]) -> None:
    """Import enterprise-year data (xlsx/csv/parquet): all or nothing, with an error report."""
    django_setup()
    from gaoxin.registry.importer import import_file
    from gaoxin.registry.reports import write_error_report

    with progress_bar() as bar:
        task = bar.add_task(f"导入 {file.name}", total=None)
        outcome = import_file(file.read_bytes(), file.name,
                              progress=lambda done, total: bar.update(task, completed=done, total=total))
    batch = outcome.batch
    if not outcome.ok:
        report = file.with_name(f"{file.stem}.错误报告.xlsx")
        report.write_bytes(write_error_report(batch))
        console.print(f"[red]未导入任何数据：发现 {len(outcome.problems)} 个问题，错误报告见 {report}[/red]")
        for p in outcome.problems[:20]:
            console.print(f"  第 {p.row or '-'} 行 [{p.column}] {p.value!s:.30} — {p.reason}")
        raise typer.Exit(1)
    console.print(f"[green]导入完成[/green]：{batch.rows} 行；新增企业 {batch.enterprises_created}，"
                  f"新增年度数据 {batch.figures_created}，更新 {batch.figures_updated}，未变化 {batch.unchanged}")


@app.command("import-list")
def import_list(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="名单：.xlsx、.csv，或从 PDF 复制的 .txt")],
    title: Annotated[str, typer.Option("--title", help="称号：代码或中文，如 high_tech、高企、专精特新中小企业")],
    level: Annotated[str, typer.Option("--level", help="级别：national/provincial/city/district 或 国家级/省级…")],
    recognized_on: Annotated[str, typer.Option("--recognized-on", help="认定（公告）日期，如 2026-11-20")],
    batch: Annotated[str, typer.Option("--batch", help="批次，如 2026 年第一批")] = "",
    valid_until: Annotated[str | None, typer.Option("--valid-until", help="有效期至；默认按政策有效期推算")] = None,
    apply: Annotated[bool, typer.Option("--apply", help="记录确定匹配的称号；不加时只报告")] = False,
    fmt: Annotated[str, typer.Option("--format", help="table 或 json")] = "table",
) -> None:
    """名单导入: match an official list's names to the registry; with --apply record the sure matches' titles."""
    import json

    from gaoxin.contract.titles import level_of, title_of
    from gaoxin.intake.reader import UnreadableFile
    from gaoxin.intake.title_list import read_list_file

    if fmt not in ("table", "json"):
        raise typer.BadParameter("应为 table 或 json", param_hint="--format")
    try:
        options_values = {"title": title_of(title), "level": level_of(level),
                          "recognized_on": _day(recognized_on, "--recognized-on"),
                          "valid_until": _day(valid_until, "--valid-until") if valid_until else None}
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    django_setup()
    from gaoxin.registry import title_lists

    data = file.read_bytes()
    try:
        read = read_list_file(data, file.name)
    except UnreadableFile as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    options = title_lists.ListOptions(batch=batch, **options_values)
    result = title_lists.preview(read, options)
    report = title_lists.report(result)
    if apply:
        _batch, counts = title_lists.record_matched(result, file.name, data, None)
        report |= counts
    if fmt == "json":
        print(json.dumps(report, ensure_ascii=False, indent=1, default=str))
        return
    _print_list(report, apply)


def _day(text: str, option: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{option} 应为日期，如 2026-11-20") from None


def _print_list(report: dict, applied: bool) -> None:
    from rich.table import Table

    table = Table("行", "名单中的名称", "匹配结果", "方式", "得分", "说明")
    words = {"code": "信用代码", "exact": "名称一致", "normalised": "规范化名称", "fuzzy": "模糊"}
    for group, label in (("matched", "[green]已匹配[/green]"), ("uncertain", "[yellow]待确认[/yellow]"),
                         ("unknown", "[red]未找到[/red]")):
        for e in report[group]:
            found = e["enterprise"]
            table.add_row(str(e["row"]), e["name"], f"{label} {found['name'] if found else ''}",
                          words.get(e["how"] or "", ""), f"{e['score']:g}", e["reason"])
    console.print(table)
    console.print(f"共 {report['rows']} 家：已匹配 {len(report['matched'])}，待确认 {len(report['uncertain'])}，"
                  f"未找到 {len(report['unknown'])}")
    for note in report["notes"]:
        console.print(f"  注意：{note}")
    if report["ignored_columns"]:
        console.print(f"  未使用的列：{'、'.join(report['ignored_columns'])}")
    if applied:
        console.print(f"[green]已记录[/green]：新增 {report['recorded']}，更新 {report['updated']}，"
                      f"未变化 {report['unchanged']}；待确认和未找到的请在网页“名单导入”中处理")
    else:
        console.print("只是报告，未写入；加 --apply 记录已匹配的称号")


@app.command("import-patents")
def import_patents_(file: Annotated[Path, typer.Argument(exists=True, dir_okay=False)]) -> None:
    """Import a 专利/软著清单 (xlsx/csv): each right against its holder, all or nothing; the yearly IP counts of
    the holders' figures are derived from their rights."""
    django_setup()
    from gaoxin.registry.patents import import_patents

    _said(import_patents(file.read_bytes(), file.name))


@app.command("import-registry")
def import_registry(file: Annotated[Path, typer.Argument(exists=True, dir_okay=False)]) -> None:
    """Import the business registry's export (xlsx/csv): master data created or updated, all or nothing; 吊销/注销
    archive the enterprise, 经营异常 sets its credit status, 住所 places it by the parks' address keywords."""
    django_setup()
    from gaoxin.registry.business import import_business

    _said(import_business(file.read_bytes(), file.name))


@app.command("import-projects")
def import_projects(file: Annotated[Path, typer.Argument(exists=True, dir_okay=False)]) -> None:
    """Import a 重大项目 sheet (xlsx/csv): new projects with their plan, stage and progress, known ones (same name
    and year) brought to the sheet's plan; all or nothing."""
    django_setup()
    from gaoxin.tracking.imports import import_projects as run

    _said(run(file.read_bytes(), file.name))


@app.command("import-carriers")
def import_carriers(file: Annotated[Path, typer.Argument(exists=True, dir_okay=False)]) -> None:
    """Import carriers' yearly 火炬统计 figures (xlsx/csv), past years included; unknown carriers are created; all or
    nothing."""
    django_setup()
    from gaoxin.innovation.imports import import_carrier_years

    _said(import_carrier_years(file.read_bytes(), file.name))


def _said(batch) -> None:
    """An import's outcome on the console: its summary and notes, or its first problems and exit code 1."""
    if batch.status != "imported":
        console.print(f"[red]未导入任何数据：发现 {len(batch.errors)} 个问题[/red]")
        for p in batch.errors[:20]:
            console.print(f"  第 {p['row'] or '-'} 行 [{p['column']}] {p['value']!s:.30} — {p['reason']}")
        raise typer.Exit(1)
    console.print(f"[green]导入完成[/green]：{batch.summary}")
    for warning in batch.warnings:
        console.print(f"  {warning}")


@app.command()
def template(out: Annotated[Path, typer.Argument()] = Path("企业年度数据导入模板.xlsx")) -> None:
    """Write the Excel import template generated from the data dictionary."""
    from gaoxin.intake.template import template_workbook

    out.write_bytes(template_workbook())
    console.print(f"导入模板已写入 {out}")


@app.command()
def evaluate(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="csv / xlsx / parquet，数据契约格式")],
    year: Annotated[int, typer.Option(help="评价（申报）年度 Y；“上年度”即 Y−1")],
    titles: Annotated[Path | None, typer.Option(exists=True, dir_okay=False, help="称号表文件")] = None,
    policy: Annotated[list[str] | None, typer.Option(help="政策 id，可重复；默认全部")] = None,
    on: Annotated[str | None, typer.Option(help="评价日期 YYYY-MM-DD；默认 Y 年 7 月 1 日")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table | json | xlsx")] = "table",
    out: Annotated[Path | None, typer.Option(help="xlsx 输出文件")] = None,
    variant: Annotated[list[str] | None, typer.Option(
        help="地方版本 政策=版本，可重复，如 srdi_sme=sichuan；默认取 GAOXIN_POLICY_VARIANTS")] = None,
) -> None:
    """Evaluate enterprises against the policy packs in force; verdicts with per-clause explanations."""
    import datetime as dt
    import json

    from gaoxin.engine.library import PackError, parse_variants
    from gaoxin.engine.run import InputProblems, evaluate_inputs, read_inputs

    try:
        variants = parse_variants(",".join(variant)) if variant else parse_variants(
            os.environ.get("GAOXIN_POLICY_VARIANTS", ""))
        inputs = read_inputs(file, titles)
        day = dt.date.fromisoformat(on) if on else None
        results = evaluate_inputs(inputs, year, policy, day, variants)
    except InputProblems as exc:
        console.print(f"[red]输入数据有 {len(exc.problems)} 个问题，未评价：[/red]")
        for p in exc.problems[:30]:
            console.print(f"  第 {p.row or '-'} 行 [{p.column}] {p.value!s:.30} — {p.reason}")
        raise typer.Exit(1) from None
    except (PackError, ValueError) as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    if fmt == "json":
        typer.echo(json.dumps(results, ensure_ascii=False, indent=1))
    elif fmt == "xlsx":
        from gaoxin.engine.report import results_workbook

        target = out or file.with_name(f"{file.stem}.评价结果.xlsx")
        target.write_bytes(results_workbook(results))
        console.print(f"评价结果已写入 {target}")
    else:
        _print_results(results)


def _print_results(results: list[dict]) -> None:
    from rich.table import Table

    labels = {"qualified": "[green]符合[/green]", "not_qualified": "[red]不符合[/red]",
              "insufficient_data": "[yellow]数据不足[/yellow]"}
    table = Table("企业", "政策", "结论", "得分", "未满足 / 未知的条件")
    for r in results:
        unmet = [] if r["verdict"] == "qualified" else [
            c["label"].split("：")[0][:16] + ("（未知）" if c["status"] == "unknown" else "")
            for c in r["clauses"] if c["status"] != "pass" and ".direct." not in c["id"]]
        low, high = r["score_range"] or (None, None)
        if r["verdict"] != "qualified" and high is not None and high < (r["pass_mark"] or 0):
            unmet.insert(0, f"综合评分未达 {r['pass_mark']} 分")
        score = "—" if low is None else (str(low) if low == high else f"{low}–{high}")
        table.add_row(r["name"] or r["credit_code"], r["policy_version"], labels[r["verdict"]], score,
                      "；".join(unmet))
    console.print(table)


bench_app = typer.Typer(help="Benchmarks (scripts that print figures; not timed tests)")
app.add_typer(bench_app, name="bench")


@bench_app.command("engine")
def bench_engine(
    enterprises: Annotated[int, typer.Option("--enterprises", "-n")] = 100_000,
    fmt: Annotated[str, typer.Option("--format", help="json | table")] = "json",
) -> None:
    """Engine speed on N synthetic enterprises vs a per-enterprise loop and hand-written DuckDB SQL."""
    import json

    from gaoxin.bench.engine import run

    figures = run(enterprises)
    if fmt == "json":
        typer.echo(json.dumps(figures, ensure_ascii=False))
    else:
        for key, value in figures.items():
            console.print(f"{key:<18} {value}")


@bench_app.command("web")
def bench_web(
    enterprises: Annotated[int, typer.Option("--enterprises", "-n")] = 100_000,
    requests: Annotated[int, typer.Option(help="每个页面计时的请求数")] = 40,
    reuse: Annotated[bool, typer.Option(help="不重新载入，直接测量已载入的数据库")] = False,
) -> None:
    """Page speed on a zone of N enterprises × 4 years: load, evaluate, then p50/p95 per page (JSON)."""
    import json

    django_setup()
    from gaoxin.web.bench import run

    figures = run(enterprises, requests, reuse, lambda message: console.print(message, style="dim"))
    typer.echo(json.dumps(figures, ensure_ascii=False))


@app.command()
def screen(
    data: Annotated[Path, typer.Argument(exists=True, help="企业年度数据：Parquet 文件或目录（按企业分区）")],
    out: Annotated[Path, typer.Option(help="结果目录（Parquet）")],
    year: Annotated[int, typer.Option(help="评价年度 Y")],
    titles: Annotated[Path | None, typer.Option(exists=True, help="称号表：Parquet 文件或目录")] = None,
    master: Annotated[str | None, typer.Option(help="Spark master，如 local[2] 或集群地址；不填则在本机计算")] = None,
    policy: Annotated[list[str] | None, typer.Option(help="只算这些政策（可重复）")] = None,
    variant: Annotated[list[str] | None, typer.Option(help="地方口径，如 gazelle=jiangsu（可重复）")] = None,
    benefits: Annotated[bool, typer.Option(help="同时计算扶持政策（金额）")] = False,
) -> None:
    """Screen enterprise-year Parquet data with every pack in force (and benefits) to Parquet: on this machine
    by default, on Apache Spark with --master."""
    import time

    from gaoxin.engine.library import parse_variants
    from gaoxin.engine.screen import screen_local, screen_spark

    options = {"policies": policy or None, "variants": parse_variants(",".join(variant or [])),
               "with_benefits": benefits}
    started = time.perf_counter()
    if master:
        rows = screen_spark(data, titles, out, year, master=master, **options)
    else:
        rows = screen_local(data, titles, out, year, **options)
    console.print(f"已写入 {rows:,} 条结果到 {out}（{time.perf_counter() - started:.1f} 秒）")


@bench_app.command("screen")
def bench_screen(
    enterprises: Annotated[int, typer.Option("--enterprises", "-n")] = 2_500_000,
    directory: Annotated[Path, typer.Option("--dir", help="数据与结果目录（数据生成一次后复用）")] = Path("var/screen"),
    master: Annotated[list[str] | None, typer.Option(help="Spark master（可重复）；本机路径总是先测")] = None,
) -> None:
    """Throughput and memory of gaoxin screen on N enterprises × 4 years: this machine, then each Spark master."""
    import json

    from gaoxin.bench.screen import run

    figures = run(enterprises, directory, [None, *(master or ["local[1]", "local[2]"])])
    typer.echo(json.dumps(figures, ensure_ascii=False))


@app.command()
def backup(out: Annotated[Path, typer.Argument(help="备份文件，如 gaoxin-2026-11-26.tar.gz")]) -> None:
    """Back up the zone's data and uploaded files to one .tar.gz (restorable on SQLite or PostgreSQL)."""
    django_setup()
    from gaoxin.backup import backup as write_backup

    manifest = write_backup(out)
    console.print(f"已备份到 {out}：{sum(manifest['rows'].values())} 条记录，{manifest['files']} 个文件")


@app.command()
def restore(file: Annotated[Path, typer.Argument(exists=True, dir_okay=False)]) -> None:
    """Restore a backup into an empty, migrated database, then recompute this year's verdicts and the benefit
    matches."""
    import datetime as dt

    django_setup()
    from gaoxin.backup import RestoreError
    from gaoxin.backup import restore as read_backup
    from gaoxin.benefits.services import match_enterprises
    from gaoxin.cultivation.services import evaluate_enterprises

    try:
        manifest = read_backup(file, lambda: evaluate_enterprises(dt.date.today().year), match_enterprises)
    except RestoreError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    console.print(f"已恢复：{sum(manifest['rows'].values())} 条记录，{manifest['files']} 个文件；"
                  f"重新计算评价结果 {manifest['verdicts']} 条、政策匹配 {manifest['matches']} 条；"
                  f"重新排队的后台任务 {manifest['jobs_requeued']} 个")


@app.command()
def token(
    username: Annotated[str, typer.Argument(help="令牌代表的用户")],
    name: Annotated[str, typer.Option(help="用途，如“统计报表系统”")] = "命令行签发",
    days: Annotated[int, typer.Option(help="有效天数（1–366）")] = 90,
) -> None:
    """Issue a REST API token acting as USERNAME (with that user's role and visibility); printed once."""
    django_setup()
    from django.contrib.auth import get_user_model

    from gaoxin.accounts.tokens import issue

    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        console.print(f"[red]没有启用的用户 {username}[/red]")
        raise typer.Exit(1)
    try:
        _record, plain = issue(user, name, days)
    except ValueError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from None
    print(plain)


@app.command()
def remind() -> None:
    """Open today's reminder to-dos (progress reports past due) and remind enterprises that have not answered a
    调查排摸 near or past its deadline; run daily, e.g. from cron."""
    import datetime as dt

    django_setup()
    from gaoxin.cultivation.campaigns import remind as remind_campaigns
    from gaoxin.tracking.reminders import remind_reports

    today = dt.date.today()
    console.print(f"已提醒报送进度 {remind_reports(today)} 项")
    console.print(f"已提醒调查排摸未答复的企业 {remind_campaigns(today)} 家")


@app.command()
def dictionary(out: Annotated[Path, typer.Argument()] = Path("docs/data-dictionary.md")) -> None:
    """Write the data dictionary (docs/data-dictionary.md) from the contract."""
    from gaoxin.contract.dictionary import render

    out.write_text(render(), encoding="utf-8")
    console.print(f"数据字典已写入 {out}")


@app.command()
def export(
    out: Annotated[Path, typer.Argument()],
    year: Annotated[int | None, typer.Option(help="年度数据所属年度；默认最近一年")] = None,
    park: Annotated[str | None, typer.Option(help="只导出该园区/街道")] = None,
) -> None:
    """Export enterprises and their figures of one year to Excel."""
    django_setup()
    from gaoxin.registry.exports import enterprises_workbook
    from gaoxin.registry.selectors import EnterpriseFilter, filtered_enterprises, latest_year

    flt = EnterpriseFilter(park=park or "", year=year or latest_year())
    out.write_bytes(enterprises_workbook(filtered_enterprises(None, flt), flt.year))
    console.print(f"已导出到 {out}")


@app.command()
def serve(
    port: Annotated[int, typer.Option(help="端口")] = 8000,
    host: Annotated[str, typer.Option(help="监听地址")] = "127.0.0.1",
) -> None:
    """Serve the web app (Django's threaded server; run behind gunicorn/nginx in production)."""
    django_setup()
    from django.conf import settings
    from django.core.management import call_command

    if settings.GAOXIN_INPROCESS_WORKER:
        from gaoxin.jobs.services import start_inprocess_worker

        start_inprocess_worker()
    # WhiteNoise serves the files from their folders here and warns at start-up when STATIC_ROOT is missing
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    call_command("runserver", f"{host}:{port}", use_reloader=False, use_threading=True)


@app.command()
def worker(poll: Annotated[float, typer.Option(help="队列为空时的轮询间隔（秒）")] = 1.0) -> None:
    """Run background jobs (zone evaluations …) until stopped; use with GAOXIN_INPROCESS_WORKER=0."""
    django_setup()
    from gaoxin.jobs.services import work_forever

    console.print("后台任务进程已启动（Ctrl+C 结束）")
    work_forever(poll)


@app.command("evaluate-zone")
def evaluate_zone(year: Annotated[int, typer.Option(help="评价年度 Y")]) -> None:
    """Evaluate every registry enterprise for year Y under all packs and store the explained verdicts."""
    django_setup()
    from gaoxin.cultivation.services import evaluate_enterprises

    with Progress(console=console) as bar:
        task = bar.add_task(f"{year} 年度评价", total=100)
        stored = evaluate_enterprises(year, progress=lambda pct, _msg: bar.update(task, completed=pct))
    console.print(f"已写入 {stored} 条评价结论")


@app.command()
def up(
    port: Annotated[int, typer.Option(help="端口")] = 8000,
    enterprises: Annotated[int, typer.Option(help="演示企业数量（首次启动时）")] = 2000,
) -> None:
    """Migrate, load the demo zone if the database is empty, print the demo logins, serve."""
    migrate()
    django_setup()
    from gaoxin.demo.accounts import DEMO_PASSWORD, ensure_demo_users
    from gaoxin.registry.models import Enterprise

    if not Enterprise.objects.exists():
        demo(enterprises=enterprises, seed=2025, out=None, fmt="parquet")
    import datetime as dt

    from gaoxin.jobs.services import enqueue

    # stored verdicts for this year: the in-process worker computes them in the background (progress: /jobs/)
    enqueue("evaluate", {"year": dt.date.today().year, "stale_only": True})
    enqueue("match_benefits", {"stale_only": True})  # and the benefit matches (政策库, 政策计算器)
    users = ensure_demo_users()
    console.rule("Gaoxin 高新 已启动")
    console.print(f"地址: [bold]http://127.0.0.1:{port}/[/bold]")
    for role_label, username in users:
        console.print(f"  {role_label:<8} 用户名 [bold]{username}[/bold]  密码 {DEMO_PASSWORD}")
    sys.stdout.flush()
    serve(port=port, host="127.0.0.1")


if __name__ == "__main__":
    app()
