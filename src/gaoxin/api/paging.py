"""Page-numbered lists: the same query parameters and the same envelope on every list endpoint."""

from __future__ import annotations

import math

from django.db.models import QuerySet
from ninja import Schema
from pydantic import Field

MAX_PAGE_SIZE = 500


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=1_000_000, description="页码，从 1 开始")
    page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE, description=f"每页条数，至多 {MAX_PAGE_SIZE}")


def page_of(rows: QuerySet, paging: PageQuery, count: int | None = None) -> tuple[dict, list]:
    """The envelope (count, page, pages) and the rows of the requested page; a page past the end is empty."""
    total = rows.count() if count is None else count
    start = (paging.page - 1) * paging.page_size
    items = list(rows[start:start + paging.page_size]) if start < total else []
    return {"count": total, "page": paging.page, "pages": max(1, math.ceil(total / paging.page_size))}, items

