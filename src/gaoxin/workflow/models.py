"""What every state machine leaves behind: the transitions (audit), the to-do items they create for the people who
must act next, and the notifications they send. Generic over the object that moved (application, award, …)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class Subject(models.Model):
    """The object a row is about."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name="对象类型")
    object_id = models.PositiveBigIntegerField("对象编号")
    subject = GenericForeignKey("content_type", "object_id")

    class Meta:
        abstract = True
        indexes = [models.Index(fields=["content_type", "object_id"])]


class Transition(Subject):
    """One move of one object from a state to another: who, when, why. Written by `machine.advance`, never edited."""

    machine = models.CharField("流程", max_length=40)
    action = models.CharField("操作", max_length=40)
    from_state = models.CharField("原状态", max_length=30)
    to_state = models.CharField("新状态", max_length=30)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                           verbose_name="操作人")
    reason = models.CharField("原因/说明", max_length=500, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta(Subject.Meta):
        ordering = ["at", "pk"]
        verbose_name = verbose_name_plural = "流程记录"

    def __str__(self) -> str:
        return f"{self.machine} {self.object_id}: {self.from_state} → {self.to_state}"


class Task(Subject):
    """A to-do item: someone must act on an object. Closed when the object moves on."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tasks",
                             verbose_name="处理人")
    title = models.CharField("待办", max_length=200)
    link = models.CharField("链接", max_length=300, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    done_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta(Subject.Meta):
        ordering = ["-created_at", "-pk"]
        verbose_name = verbose_name_plural = "待办"

    def __str__(self) -> str:
        return self.title


class Notification(models.Model):
    """A message to one user in the platform (the in-app channel)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications",
                             verbose_name="接收人")
    message = models.CharField("内容", max_length=500)
    link = models.CharField("链接", max_length=300, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = verbose_name_plural = "消息"

    def __str__(self) -> str:
        return self.message
