"""`python -m gaoxin.web.dbcheck URL`: exit 0 when the PostgreSQL server at URL answers, 1 otherwise.

The test script uses it to decide whether the PostgreSQL run can happen, and says so when it cannot.
"""

from __future__ import annotations

import sys

import dj_database_url


def reachable(url: str) -> bool:
    import psycopg

    cfg = dj_database_url.parse(url)
    try:
        with psycopg.connect(host=cfg["HOST"] or None, port=cfg["PORT"] or None, user=cfg["USER"] or None,
                             password=cfg["PASSWORD"] or None, dbname=cfg["NAME"], connect_timeout=3):
            return True
    except psycopg.Error:
        return False


if __name__ == "__main__":
    sys.exit(0 if reachable(sys.argv[1]) else 1)
