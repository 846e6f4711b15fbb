"""Checking an uploaded attachment: its real type from its bytes (not its name), its size, a safe stored name.

The stored file gets a random name with the sniffed extension, so a crafted name (../../x, a script) never
reaches the file system; the original name is kept, cleaned, for display only.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from pathlib import PurePosixPath, PureWindowsPath

from django.utils.translation import gettext

DEFAULT_TYPES = ("pdf", "docx", "xlsx", "jpg", "png")
DEFAULT_MAX_MB = 10


class BadUpload(ValueError):
    """The file is refused; the message says why in Chinese."""


def sniff(data: bytes) -> str | None:
    """pdf, png, jpg, docx or xlsx, from the first bytes (and, for Office files, the zip's contents)."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    return None


def check(data: bytes, original_name: str, spec: dict) -> tuple[str, str, str]:
    """(kind, stored name, display name) for an acceptable file; BadUpload otherwise."""
    label = spec.get("label", "附件")
    max_mb = spec.get("max_mb", DEFAULT_MAX_MB)
    if not data:
        raise BadUpload(gettext("{label}：文件为空").format(label=label))
    if len(data) > max_mb * 1024 * 1024:
        raise BadUpload(gettext("{label}：文件超过 {max_mb} MB").format(label=label, max_mb=max_mb))
    kind = sniff(data)
    allowed = spec.get("types") or DEFAULT_TYPES
    if kind not in allowed:
        found = gettext("是 {kind}").format(kind=kind.upper()) if kind else gettext("无法识别")
        raise BadUpload(gettext("{label}：只接受 {allowed} 文件，该文件内容{found}").format(
            label=label, allowed="、".join(t.upper() for t in allowed), found=found))
    return kind, f"{uuid.uuid4().hex}.{kind}", display_name(original_name, kind)


def display_name(name: str, kind: str) -> str:
    """The last path part of what the browser sent, without control characters, at most 120 characters."""
    base = PureWindowsPath(PurePosixPath(name or "").name).name
    cleaned = "".join(c for c in base if c.isprintable() and c not in '<>:"|?*').strip() or f"附件.{kind}"
    return cleaned[-120:]
