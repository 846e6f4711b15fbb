"""The signing key of a one-machine installation (the demo, a laptop), made on first start and kept with its
data, so sessions survive restarts without anyone choosing a key; production sets GAOXIN_SECRET_KEY instead."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def local_secret_key(data_dir: Path) -> str:
    path = data_dir / "secret_key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        draft = data_dir / f".secret_key.{os.getpid()}"
        draft.write_text(secrets.token_urlsafe(50))
        draft.chmod(0o600)
        try:
            os.link(draft, path)  # atomic: a second process starting at once keeps the first one's key
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()
