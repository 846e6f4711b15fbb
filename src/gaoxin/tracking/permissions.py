"""Who may do what in 服务与跟踪: major projects and their 督办, visits, and enterprises' needs."""

from __future__ import annotations

from gaoxin.accounts.scope import Scope, rule


@rule("tracking.read_projects", "无权查看重大项目")
def read_projects(scope: Scope, obj=None) -> bool:
    return scope.is_staff or scope.is_liaison or scope.is_enterprise


@rule("tracking.manage", "仅区工作人员可以办理")
def manage(scope: Scope, obj=None) -> bool:
    """Set up projects, escalate (督办), close or reopen a 督办 item, transfer a need."""
    return scope.is_staff


@rule("tracking.report_project", "只有区工作人员和项目所在园区的联络员可以报送进度")
def report_project(scope: Scope, project) -> bool:
    """File a monthly progress report and move the project's stage: staff, or the liaison of its park."""
    return scope.is_staff or scope.serves(project.park_id)


@rule("tracking.respond_escalation", "只有项目所在园区的联络员或项目负责人可以反馈督办")
def respond_escalation(scope: Scope, escalation) -> bool:
    project = escalation.project
    return scope.is_staff or scope.serves(project.park_id) or scope.is_user(project.officer_id)


@rule("tracking.follow", "仅区工作人员和园区联络员可以查看")
def follow(scope: Scope, obj=None) -> bool:
    """Visits and the 督办 list: staff and park liaisons (their park's)."""
    return scope.is_staff or scope.is_liaison


@rule("tracking.read_needs", "无权查看企业诉求")
def read_needs(scope: Scope, obj=None) -> bool:
    return scope.is_staff or scope.is_liaison or scope.is_enterprise


@rule("tracking.handle_need", "只有承办部门可以办理该诉求")
def handle_need(scope: Scope, need) -> bool:
    """Accept or answer a need: staff, or a member of the department it was sent to."""
    return scope.is_staff or (scope.user_id is not None
                              and need.department.members.filter(pk=scope.user_id).exists())


@rule("tracking.close_need", "只有提出诉求的企业或区工作人员可以办结")
def close_need(scope: Scope, need) -> bool:
    return scope.is_staff or scope.owns(need.enterprise_id)
