from django.conf import settings
from django.db import models


class Profile(models.Model):
    """What a user is attached to: the enterprise an enterprise user acts for, the park a liaison serves."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    display_name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("手机", max_length=20, blank=True)
    enterprise = models.ForeignKey("registry.Enterprise", verbose_name="所属企业", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="user_profiles")
    park = models.ForeignKey("registry.Park", verbose_name="联系园区", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="liaison_profiles")

    class Meta:
        verbose_name = verbose_name_plural = "用户资料"

    def __str__(self) -> str:
        return self.display_name or self.user.get_username()


class LoginFailure(models.Model):
    """A failed sign-in: kept so repeated guessing locks the account name and the address for a while, across
    every web process (the database is what they share)."""

    username = models.CharField("用户名", max_length=150, db_index=True)
    ip = models.CharField("地址", max_length=45, db_index=True)
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "登录失败记录"

    def __str__(self) -> str:
        return f"{self.username} @ {self.ip} {self.at:%Y-%m-%d %H:%M}"


class ApiToken(models.Model):
    """A credential for the REST API, acting as its user with that user's role and visibility. Only a digest is
    stored: the token itself is shown once, when issued, and cannot be read back."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens",
                             verbose_name="用户")
    name = models.CharField("用途", max_length=100)
    prefix = models.CharField("前缀", max_length=12, db_index=True)  # shown in lists so users can tell them apart
    digest = models.CharField("摘要", max_length=64, unique=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    expires_at = models.DateTimeField("到期时间", null=True, blank=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "API 令牌"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
