"""Typed input for writes: the fields every app's commands share, so an amount in 万元 or a date is parsed and
refused the same way on every page, in the API and the CLI (replacing each app's private `_money`/`_date`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def problems(command: forms.Form) -> str:
    """A command's errors as one sentence naming each field, for a page that redirects back with a message."""
    parts = []
    for name, errors in command.errors.items():
        label = command.fields[name].label if name in command.fields else ""
        parts += [f"{label}：{e}" if label else str(e) for e in errors]
    return "；".join(parts)


class Invalid(ValueError):
    """A typed input did not validate: `errors` by field, and a message naming each field."""

    def __init__(self, command: forms.Form) -> None:
        self.command, self.errors = command, command.errors  # the bound form: a page shows it with its errors
        super().__init__(problems(command))


def parse(command_class: type[forms.Form], data, **kwargs) -> dict:
    """`data` (a page's POST, an API's JSON body, a command's dict) checked by `command_class`: its typed values,
    or Invalid. Services call this once, so every edge that reaches them is held to the same input."""
    command = command_class(data, **kwargs)
    if not command.is_valid():
        raise Invalid(command)
    return command.cleaned_data


class NumberField(forms.DecimalField):
    """A figure as staff type it (thousands separators allowed), never negative; a line of text, not a spinner."""

    default_error_messages = {"invalid": _("应为数字"), "min_value": _("不能为负数")}

    def __init__(self, *, label: str, required: bool = True, **kwargs) -> None:
        kwargs.setdefault("min_value", Decimal(0))
        kwargs.setdefault("max_digits", 16)
        super().__init__(label=label, required=required, **kwargs)
        self.widget = forms.TextInput(attrs={"size": 10, "inputmode": "decimal"})

    def widget_attrs(self, widget):
        return {}

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace(",", "").replace("，", "").strip()
        return super().to_python(value)


class MoneyField(NumberField):
    """An amount in 万元 as staff type it: thousands separators allowed, never negative, at most two decimals."""

    default_error_messages = {"invalid": _("应为数字（万元）"), "min_value": _("不能为负数")}

    def __init__(self, *, label: str, required: bool = True, **kwargs) -> None:
        super().__init__(label=label, required=required, decimal_places=2, **kwargs)


class MonthField(forms.CharField):
    """A month ("2026-10", as `<input type="month">` sends it), as its first day."""

    default_error_messages = {"invalid": _("应为月份，如 2026-10")}

    def __init__(self, *, label: str, required: bool = True, **kwargs) -> None:
        super().__init__(label=label, required=required, widget=forms.TextInput(attrs={"type": "month"}), **kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            return dt.date.fromisoformat(text.strip()[:7] + "-01")
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class DayField(forms.DateField):
    """A calendar day (an HTML date input; ISO 2026-05-01 elsewhere)."""

    default_error_messages = {"invalid": _("应为日期，如 2026-05-01")}

    def __init__(self, *, label: str, required: bool = True, **kwargs) -> None:
        super().__init__(label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}), **kwargs)


class CountField(forms.IntegerField):
    """A whole number within bounds; empty means `default` when one is given (公示期 5 天 unless staff say)."""

    def __init__(self, *, label: str, low: int, high: int, default: int | None = None, **kwargs) -> None:
        self.default = default
        kwargs.setdefault("required", default is None)
        between = _("应为 {low}–{high} 之间的整数").format(low=low, high=high)
        kwargs.setdefault("error_messages", {"invalid": between, "min_value": between, "max_value": between})
        super().__init__(label=label, min_value=low, max_value=high, **kwargs)
        self.widget.attrs.setdefault("size", 5)

    def clean(self, value):
        number = super().clean(value)
        return self.default if number is None else number


class LinesField(forms.CharField):
    """A list staff write one item a line, its parts separated by “|”, as they would in a notice. `item` turns one
    line's parts into a stored item (and raises ValueError or LookupError when the line is wrong); every wrong line
    is named with its number."""

    def __init__(self, *, label: str, item, rows: int = 3, **kwargs) -> None:
        self.item = item
        super().__init__(label=label, required=False, strip=False,
                         widget=forms.Textarea(attrs={"rows": rows, "cols": 70}), **kwargs)

    def clean(self, value) -> list:
        items, wrong = [], []
        for number, line in enumerate((super().clean(value) or "").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                items.append(self.item([p.strip() for p in line.split("|")]))
            except (ValueError, LookupError, ArithmeticError):
                wrong.append(gettext("第 {number} 行“{line}”格式不对").format(number=number, line=line.strip()))
        if wrong:
            raise forms.ValidationError(wrong)
        return items
