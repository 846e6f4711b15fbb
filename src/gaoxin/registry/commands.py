"""Typed input naming an enterprise: staff type a 统一社会信用代码 on many pages (培育库, 服务专员, 融资需求, 走访), and
each page may only reach the enterprises its user may see. One field parses and refuses the code the same way."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gaoxin.core.commands import parse
from gaoxin.registry.models import Enterprise


class EnterpriseField(forms.ModelChoiceField):
    """An enterprise by its credit code, as typed (spaces and lower case forgiven), among `queryset` only: a code
    outside the user's view is refused exactly like an unknown one, so the answer leaks nothing."""

    default_error_messages = {"required": _("请填写统一社会信用代码"),
                              "invalid_choice": _("未找到该统一社会信用代码的本区企业")}

    def __init__(self, queryset: QuerySet[Enterprise] | None = None, *, label: str = "统一社会信用代码",
                 **kwargs) -> None:
        super().__init__(queryset if queryset is not None else Enterprise.objects.none(), label=label,
                         to_field_name="credit_code", widget=forms.TextInput(attrs={"size": 20}), **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = "".join(value.split()).upper()
        return super().to_python(value)


class EnterpriseCommand(forms.Form):
    """Which enterprise a write is about, among `enterprises` (the acting user's view)."""

    enterprise = EnterpriseField()

    def __init__(self, *args, enterprises: QuerySet[Enterprise], field: str = "enterprise", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises
        if field != "enterprise":  # a page posting the code under another name (`credit_code`)
            self.fields[field] = self.fields.pop("enterprise")


def chosen_enterprise(data, enterprises: QuerySet[Enterprise], field: str = "enterprise") -> Enterprise:
    """The enterprise `data[field]` names among `enterprises`, or `Invalid` saying why not."""
    return parse(EnterpriseCommand, data, enterprises=enterprises, field=field)[field]
