"""The Chinese font the reports embed: GAOXIN_CJK_FONT if set, else the first TrueType CJK font installed.

ReportLab can only embed fonts with TrueType outlines, so the OpenType (CFF) Noto CJK files are not candidates;
Debian's fonts-wqy-zenhei or fonts-arphic-uming are. Without any, the PDF falls back to the standard Adobe CID
font STSong-Light, which every PDF reader renders but which is not embedded, and charts are drawn with whatever
CJK font matplotlib can find.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",
    "/System/Library/Fonts/STHeiti Light.ttc",
    "C:/Windows/Fonts/simhei.ttf",
)
FALLBACK_CID = "STSong-Light"
DOCX_FONT = "宋体"  # what Word shows East Asian text in; Word and WPS substitute an installed one if missing


@cache
def truetype_cjk() -> Path | None:
    """The TrueType CJK font file to embed, or None."""
    configured = os.environ.get("GAOXIN_CJK_FONT", "")
    for candidate in ([configured] if configured else []) + list(CANDIDATES):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


@cache
def pdf_font() -> str:
    """Register the CJK font with ReportLab once and return its name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont

    path = truetype_cjk()
    if path is None:
        pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_CID))
        return FALLBACK_CID
    pdfmetrics.registerFont(TTFont("GaoxinCJK", str(path), subfontIndex=0))
    return "GaoxinCJK"
