from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "gaoxin.dashboard"
    verbose_name = "领导驾驶舱"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Every model the dashboard reads marks the snapshots out of date when it is saved or deleted; verdicts,
        written in bulk, through `bulk_written` (a delete signal on them would make Django load every row it deletes).
        """
        from django.db.models.signals import post_delete, post_save

        from gaoxin.dashboard import jobs  # noqa: F401  (register the warming job)
        from gaoxin.dashboard.snapshot import data_changed
        from gaoxin.registry.events import bulk_written

        bulk_written.connect(data_changed, dispatch_uid="dashboard-bulk")
        for label in ("registry.Enterprise", "registry.TitleHeld", "registry.AnnualFigures", "registry.Park",
                      "cultivation.PoolEntry", "cultivation.CultivationTarget",
                      "dashboard.PeerZoneCount", "tracking.MajorProject", "tracking.ProgressReport",
                      "tracking.Visit", "tracking.Need", "financing.FinancingMatch", "financing.FinancingNeed",
                      "innovation.AchievementEvaluation", "innovation.Achievement", "innovation.Tenancy",
                      "innovation.Prospect"):
            for signal in (post_save, post_delete):
                signal.connect(data_changed, sender=label, dispatch_uid=f"dashboard-{label}-{signal}")
