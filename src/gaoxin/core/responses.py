"""File downloads: one way to answer with a generated workbook, document or archive, its Chinese file name kept
(RFC 6266 `filename*`) and its type from its suffix."""

from __future__ import annotations

from pathlib import PurePath

from django.http import HttpResponse
from django.utils.http import content_disposition_header

TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
    ".zip": "application/zip",
    ".csv": "text/csv; charset=utf-8",
}
XLSX = TYPES[".xlsx"]


def download(data: bytes, file_name: str, content_type: str | None = None) -> HttpResponse:
    """The bytes as an attachment named `file_name`; the type follows the suffix unless given."""
    kind = content_type or TYPES.get(PurePath(file_name).suffix.lower(), "application/octet-stream")
    response = HttpResponse(data, content_type=kind)
    response["Content-Disposition"] = content_disposition_header(True, file_name)
    return response


def xlsx_response(data: bytes, file_name: str) -> HttpResponse:
    return download(data, file_name, XLSX)
