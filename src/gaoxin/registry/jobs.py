"""The registry's background jobs: importing an uploaded file of yearly figures, of 股东及主要人员, a
专利/软著清单 or the business registry's export (queued by `importer.queue_import`, `people.queue_people`,
`patents.queue_patents` and `business.queue_business`)."""

from __future__ import annotations

from gaoxin.jobs.services import handler
from gaoxin.registry.business import run_business
from gaoxin.registry.importer import run_queued
from gaoxin.registry.patents import run_patents
from gaoxin.registry.people import run_people
from gaoxin.registry.uploads import outcome_message, rejected_message


@handler("registry_import")
def import_job(params: dict, progress) -> str:
    """params: batch (id). All or nothing, as any import; the batch page shows the outcome and its errors."""
    def written(done: int, total: int) -> None:
        progress(min(99, 5 + done * 94 // max(total, 1)), f"已写入 {done:,}/{total:,} 家企业")

    progress(1, "正在读取并检查文件")
    batch = run_queued(int(params["batch"]), written)
    if batch.status == "imported":
        return (f"已导入 {batch.file_name}：共 {batch.rows} 行，新增企业 {batch.enterprises_created} 家，"
                f"新增年度数据 {batch.figures_created} 条，更新 {batch.figures_updated} 条")
    return rejected_message(batch)


@handler("registry_people")
def people_job(params: dict, progress) -> str:
    """params: batch (id)."""
    progress(1, "正在读取并检查文件")
    return outcome_message(run_people(int(params["batch"])))


@handler("registry_patents")
def patents_job(params: dict, progress) -> str:
    """params: batch (id)."""
    progress(1, "正在读取并检查清单")
    batch = run_patents(int(params["batch"]))
    return f"已导入 {batch.file_name}：{batch.summary}" if batch.status == "imported" else rejected_message(batch)


@handler("registry_business")
def business_job(params: dict, progress) -> str:
    """params: batch (id)."""
    progress(1, "正在读取并检查工商登记信息")
    batch = run_business(int(params["batch"]))
    return f"已导入 {batch.file_name}：{batch.summary}" if batch.status == "imported" else rejected_message(batch)
