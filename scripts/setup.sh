#!/usr/bin/env bash
# Installs everything Gaoxin needs into .venv and node_modules. Safe to run again: it only adds what is missing.
# Used by scripts/start.sh and scripts/test.sh; needs Python 3.11+ and Node/npm, nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
"$PYTHON" - <<'PY' || { echo "Gaoxin needs Python 3.11 or newer (set PYTHON=/path/to/python3.11)." >&2; exit 1; }
import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)
PY

if [ ! -x .venv/bin/python ]; then
  echo "==> 创建虚拟环境 .venv"
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.gaoxin-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "==> 安装 Python 依赖"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[test]"
  touch "$stamp"
fi

if [ ! -f node_modules/echarts/dist/echarts.min.js ] || [ package.json -nt node_modules ]; then
  echo "==> 安装前端资源 (npm)"
  npm ci --no-audit --no-fund --loglevel=error
fi
.venv/bin/gaoxin assets
