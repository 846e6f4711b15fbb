"""An import killed midway — the process gone with SIGKILL while it writes — leaves nothing behind, and the same
file imports whole afterwards. Runs against a scratch SQLite file, and against a scratch PostgreSQL database
when DATABASE_URL names a server."""

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from gaoxin.conftest import code_for, xlsx_bytes

ROWS = 3000
WRITER = textwrap.dedent("""
    import os, sys, time
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gaoxin.web.settings")
    import django
    django.setup()
    from django.core.management import call_command
    call_command("migrate", verbosity=0)
    from gaoxin.registry.importer import import_file

    def progress(done, total):  # every 500 rows written, inside the import's transaction
        print("WRITING", done, flush=True)
        time.sleep(float(os.environ.get("PAUSE", "0")))

    outcome = import_file(open(sys.argv[1], "rb").read(), "企业数据.xlsx", progress=progress)
    print("DONE", outcome.ok, flush=True)
""")


@pytest.fixture
def big_file(tmp_path):
    rows = [[code_for(n + 1), f"测试企业{n}有限公司", 2025, 1000 + n] for n in range(ROWS)]
    path = tmp_path / "企业数据.xlsx"
    path.write_bytes(xlsx_bytes(["统一社会信用代码", "企业名称", "年度", "营业收入"], rows))
    (tmp_path / "writer.py").write_text(WRITER, encoding="utf-8")
    return path


def run_writer(tmp_path, env: dict, big_file, kill: bool) -> str:
    (tmp_path / "data").mkdir(exist_ok=True)
    env = os.environ | env | {"PAUSE": "2" if kill else "0"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    process = subprocess.Popen([sys.executable, str(tmp_path / "writer.py"), str(big_file)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if not kill:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        return out
    for line in process.stdout:  # wait until rows are being written, then kill the process outright
        if line.startswith("WRITING"):
            process.send_signal(signal.SIGKILL)
            break
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL, process.stderr.read()[-2000:]
    return ""


def sqlite_counts(path) -> tuple[int, int, int]:
    with sqlite3.connect(path) as db:
        return tuple(db.execute(sql).fetchone()[0] for sql in (
            "SELECT COUNT(*) FROM registry_enterprise", "SELECT COUNT(*) FROM registry_annualfigures",
            "SELECT COUNT(*) FROM registry_importbatch WHERE status = 'imported'"))


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_killed_import_leaves_nothing_on_sqlite(tmp_path, big_file):
    env = {"GAOXIN_DATA_DIR": str(tmp_path / "data"), "DATABASE_URL": ""}
    run_writer(tmp_path, env, big_file, kill=True)
    assert sqlite_counts(tmp_path / "data" / "gaoxin.sqlite3") == (0, 0, 0)
    assert "DONE True" in run_writer(tmp_path, env, big_file, kill=False)
    assert sqlite_counts(tmp_path / "data" / "gaoxin.sqlite3") == (ROWS, ROWS, 1)


@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                    reason="needs PostgreSQL (DATABASE_URL); the SQLite test above runs everywhere")
def test_a_killed_import_leaves_nothing_on_postgresql(tmp_path, big_file):
    import psycopg

    url = os.environ["DATABASE_URL"]
    scratch = f"gaoxin_killed_{os.getpid()}"
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        db.execute(f'CREATE DATABASE "{scratch}"')
    try:
        env = {"GAOXIN_DATA_DIR": str(tmp_path / "data"), "DATABASE_URL": url.rsplit("/", 1)[0] + f"/{scratch}"}
        run_writer(tmp_path, env, big_file, kill=True)
        with psycopg.connect(env["DATABASE_URL"]) as db:
            counts = [db.execute(sql).fetchone()[0] for sql in (
                "SELECT COUNT(*) FROM registry_enterprise", "SELECT COUNT(*) FROM registry_annualfigures",
                "SELECT COUNT(*) FROM registry_importbatch WHERE status = 'imported'")]
        assert counts == [0, 0, 0]
        assert "DONE True" in run_writer(tmp_path, env, big_file, kill=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
