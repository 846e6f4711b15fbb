"""Django model fields made from the data contract, so labels, units and ranges are written once."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from gaoxin.contract.fields import BY_CODE


def contract_field(code: str, **overrides) -> models.Field:
    """The model field for contract field `code`: nullable (empty = unknown), labelled and range-checked."""
    f = BY_CODE[code]
    validators = []
    if f.minimum is not None:
        validators.append(MinValueValidator(f.minimum))
    if f.maximum is not None:
        validators.append(MaxValueValidator(f.maximum))
    label = f"{f.label}（{f.unit}）" if f.unit and f.unit not in ("人", "项", "名", "级") else f.label
    common = {"verbose_name": label, "help_text": f.meaning, "null": True, "blank": True} | overrides
    if f.kind in ("int", "year"):
        return models.IntegerField(validators=validators, **common)
    if f.kind == "money":
        return models.DecimalField(max_digits=18, decimal_places=4, validators=validators, **common)
    if f.kind in ("number", "percent"):
        return models.DecimalField(max_digits=14, decimal_places=4, validators=validators, **common)
    if f.kind == "bool":
        return models.BooleanField(**common)
    if f.kind == "date":
        return models.DateField(**common)
    text = {"null": False, "default": ""} | overrides
    if f.kind == "enum":
        return models.CharField(**({"max_length": 30, "choices": f.choices} | common | text))
    return models.CharField(**({"max_length": 200} | common | text))


def to_model_value(code: str, value):
    """Unknown is NULL for numbers, dates and yes/no, but the empty string for text and choice columns."""
    if value is None and BY_CODE[code].kind in ("enum", "text"):
        return ""
    return value
