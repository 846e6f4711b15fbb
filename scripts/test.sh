#!/usr/bin/env bash
# Command 2 of the README: install everything and run the whole test suite, on SQLite and then on PostgreSQL.
#
# PostgreSQL: DATABASE_URL if set, else the local server at 127.0.0.1:5432 (database `test`) when one answers.
# With none reachable the PostgreSQL run is skipped and says so; with GAOXIN_REQUIRE_POSTGRES=1 (CI) that is an error.
# Browser tests need Debian's chromium; GAOXIN_REQUIRE_BROWSER=1 (CI) turns a missing browser into a failure.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
PY=.venv/bin/python

echo "==> ruff"
.venv/bin/ruff check src || exit 1

echo "==> import-linter (the layers of docs/architecture.md)"
.venv/bin/lint-imports --no-cache pyproject.toml || exit 1

echo "==> djLint (templates formatted one element a line, and linted)"
.venv/bin/djlint src/gaoxin/templates --check --quiet || exit 1
.venv/bin/djlint src/gaoxin/templates --lint --quiet || exit 1

run_pytest() {  # pytest exits 5 when it collected nothing: that is a failure here, not a pass.
  "$PY" -m pytest "$@"
  local rc=$?
  if [ $rc -eq 5 ]; then echo "pytest collected no tests" >&2; return 1; fi
  return $rc
}

echo "==> 测试：SQLite"
(unset DATABASE_URL; run_pytest "$@") || exit 1

pg_url="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
if "$PY" -m gaoxin.web.dbcheck "$pg_url"; then
  echo "==> 测试：PostgreSQL ($pg_url)"
  DATABASE_URL="$pg_url" GAOXIN_REQUIRE_POSTGRES="${GAOXIN_REQUIRE_POSTGRES:-1}" run_pytest "$@" || exit 1
else
  msg="SKIPPED: PostgreSQL run — no server reachable at $pg_url"
  if [ "${GAOXIN_REQUIRE_POSTGRES:-0}" = "1" ]; then echo "$msg (required here)" >&2; exit 1; fi
  echo "$msg"
fi
