"""The registry's background job: importing an uploaded file (queued by `importer.queue_import`)."""

from __future__ import annotations

from gaoxin.jobs.services import handler
from gaoxin.registry.importer import run_queued


@handler("registry_import")
def import_job(params: dict, progress) -> str:
    """params: batch (id). All or nothing, as any import; the batch page shows the outcome and its errors."""
    def written(done: int, total: int) -> None:
        progress(min(99, 5 + done * 94 // max(total, 1)), f"已写入 {done:,}/{total:,} 家企业")

    progress(1, "正在读取并检查文件")
    outcome = run_queued(int(params["batch"]), written)
    batch = outcome.batch
    if batch.status == "imported":
        return (f"已导入 {batch.file_name}：共 {batch.rows} 行，新增企业 {batch.enterprises_created} 家，"
                f"新增年度数据 {batch.figures_created} 条，更新 {batch.figures_updated} 条")
    return f"{batch.file_name} 未导入：发现 {len(batch.errors)} 个问题，见导入结果页"
