"""JSON fields with a declared shape: each names a pydantic schema, and every save checks the value against it.

A JSON field's shape used to be known only to the code that wrote it (a program's 申报表字段, a product's 准入条件,
a draw's log). `Shaped(label, schema=…)` states it once, beside the field, where a newcomer reads the model; a
service, an import or a test that stores the wrong shape fails at once with the field and the place named, instead
of breaking a page later. The schema is not part of the database, so migrations see a plain JSONField.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.exceptions import ValidationError as DjangoInvalid
from django.db import models
from django.utils.translation import gettext
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError


class Shape(BaseModel):
    """The base of stored shapes: unknown keys are refused (a typo is an error, not silently kept)."""

    model_config = ConfigDict(extra="forbid")


class ShapeError(ValueError):
    """A value does not have its field's declared shape."""


class Shaped(models.JSONField):
    """A JSONField whose value must validate against `schema` (a pydantic model or a type such as
    `list[Item]`) whenever it is saved, by `save()` and `bulk_create()` alike, and in `full_clean()`."""

    def __init__(self, *args, schema: Any = None, **kwargs) -> None:
        self.schema = schema
        super().__init__(*args, **kwargs)

    @cached_property
    def adapter(self) -> TypeAdapter:
        return TypeAdapter(self.schema)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.JSONField", args, kwargs

    def check_shape(self, value: Any) -> None:
        """Raise ShapeError naming the field and each misplaced part when `value` is not of the schema's shape."""
        if value is None or self.schema is None:
            return
        try:
            self.adapter.validate_python(value)
        except ValidationError as exc:
            places = "；".join(f"{'.'.join(str(p) for p in e['loc']) or '整体'}：{e['msg']}" for e in exc.errors())
            raise ShapeError(gettext("{verbose_name}（{name}.{self_name}）格式不对：{places}")
                    .format(verbose_name=self.verbose_name, name=self.model.__name__, self_name=self.name,
                            places=places)) from None

    def pre_save(self, model_instance, add: bool):
        value = super().pre_save(model_instance, add)
        self.check_shape(value)
        return value

    def validate(self, value, model_instance) -> None:
        super().validate(value, model_instance)
        try:
            self.check_shape(value)
        except ShapeError as exc:
            raise DjangoInvalid(str(exc), code="shape") from None

