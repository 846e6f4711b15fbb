#!/usr/bin/env bash
# Command 1 of the README: install everything, prepare the embedded SQLite database with the demo zone, serve.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/gaoxin up "$@"
