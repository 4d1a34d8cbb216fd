"""Several servers on one database, and moving a folder from SQLite to
PostgreSQL (docs/storage.md). Runs on both engines (`make test` runs the
suite twice); the migrate-db cases need a PostgreSQL server and are added
only when the suite runs on one (SODSONG_TEST_ENGINE=pg)."""

import hashlib
import os
import shutil
import sqlite3
import struct

import sodtest
from sodtest import PASSWORD, Server, run, run_cli, test

S = Server()
S.add_user("off-a", "officer")
S.start()
# A second server on the same folder and database, as two machines behind
# a proxy would be (same secret.key, same sodsong.conf).
S2 = Server()
S2.dir = S.dir
S2.start()


@test
def two_servers_give_the_same_answers():
    tok = S.token("off-a")
    auth = {"Authorization": "Bearer " + tok}
    a = S.get("/api/v1/units", headers=auth)
    b = S2.get("/api/v1/units", headers=auth)
    assert a.status == 200 and b.status == 200, (a, b)
    assert a.json() == b.json()
    # A session opened on one ends on both.
    assert S2.post_json("/api/v1/logout", {}, token=tok).status in (200, 204)
    assert S.get("/api/v1/units", headers=auth).status == 401
    assert S2.get("/api/v1/units", headers=auth).status == 401


@test
def wrong_passwords_count_on_every_server():
    # The account lock lives in the database: failures on either server add up.
    S.add_user("off-b", "officer")
    for i in range(10):
        srv = S if i % 2 else S2
        srv.api_login("off-b", "wrong password %d" % i)
    assert S.api_login("off-b", PASSWORD).status != 200
    assert S2.api_login("off-b", PASSWORD).status != 200


def sqlite_folder():
    tmp = os.path.join(S.tmp, "lite-%s" % os.urandom(3).hex())
    run_cli("init", tmp, "--recovery-key-file", tmp + ".rk", sqlite=True)
    run_cli("user", "add", tmp, "--username", "mover", "--role", "officer",
            stdin=PASSWORD + "\n")
    run_cli("unit", "add", tmp, "--code", "mv-1", "--kind", "team",
            "--name-th", "ทีมย้ายฐานข้อมูล", "--name-en", "Move team")
    # Three chained audit entries (docs/audit.md), as test_audit_cli writes them.
    prev = hashlib.blake2b(b"sodsong audit log v1", digest_size=32).hexdigest()
    c = sqlite3.connect(os.path.join(tmp, "sodsong.db"))
    for i, detail in enumerate(["", "สถานะ new→acknowledged", "x"], start=1):
        b = bytes.fromhex(prev) + struct.pack(">qqq", i, 1767225600 + i, 7)
        for field in ("somchai", "tip.read", "tip:1", detail):
            raw = field.encode("utf-8")
            b += struct.pack(">I", len(raw)) + raw
        h = hashlib.blake2b(b, digest_size=32).hexdigest()
        c.execute("INSERT INTO audit(id, at, account_id, username, action, object, detail, "
                  "prev_hash, hash) VALUES (?, ?, 7, 'somchai', 'tip.read', 'tip:1', ?, ?, ?)",
                  (i, 1767225600 + i, detail, prev, h))
        prev = h
    c.commit()
    c.close()
    return tmp


if sodtest.ENGINE == "pg":
    @test
    def migrate_db_copies_everything_and_the_audit_chain():
        d = sqlite_folder()
        before = run_cli("unit", "list", d).stdout
        url = sodtest.pg_new_database()
        p = run_cli("migrate-db", d, "--to", url)
        assert "audit chain intact: 3 entries, newest 3:" in p.stdout, p.stdout
        assert sodtest.database_url(d) == url
        # Every command of the folder now reads PostgreSQL, with the same rows.
        assert run_cli("unit", "list", d).stdout == before
        assert run_cli("audit", "verify", d).returncode == 0
        rows = sodtest.pg_query(url, "SELECT count(*) FROM accounts WHERE username = 'mover'")
        assert rows == [["1"]], rows
        # New rows get ids after the copied ones (sequences were moved on).
        run_cli("user", "add", d, "--username", "after", "--role", "officer",
                stdin=PASSWORD + "\n")
        ids = sodtest.pg_query(url, "SELECT id FROM accounts ORDER BY id")
        assert len(ids) == len(set(x[0] for x in ids)) >= 2
        M = Server()
        M.dir = d
        M.start()
        try:
            assert M.api_login("mover").status == 200
        finally:
            M.stop()
        # A second run is refused: the folder is on PostgreSQL already.
        assert run_cli("migrate-db", d, "--to", url, check=False).returncode == 1

    @test
    def migrate_db_refuses_a_database_in_use_a_bad_url_and_a_broken_chain():
        d = sqlite_folder()
        used = sodtest.database_url(S.dir)
        p = run_cli("migrate-db", d, "--to", used, check=False)
        assert p.returncode == 1 and "already" in p.stderr, p.stderr
        assert sodtest.database_url(d) is None
        for bad in ("", "sqlite:///x", "/tmp/x.db"):
            assert run_cli("migrate-db", d, "--to", bad, check=False).returncode == 2
        assert run_cli("migrate-db", d, check=False).returncode == 2
        # An SQLite folder whose audit chain was altered is not moved.
        c = sqlite3.connect(os.path.join(d, "sodsong.db"))
        c.execute("UPDATE audit SET detail = 'y' WHERE id = 2")
        c.commit()
        c.close()
        url = sodtest.pg_new_database()
        p = run_cli("migrate-db", d, "--to", url, check=False)
        assert p.returncode == 1 and "audit chain" in p.stderr and "entry 2" in p.stderr, p.stderr
        assert sodtest.database_url(d) is None
        assert sodtest.pg_query(url, "SELECT count(*) FROM information_schema.tables "
                                     "WHERE table_name = 'accounts'") == [["0"]]
        shutil.rmtree(d, ignore_errors=True)


try:
    run()
finally:
    S2.dir = S2.tmp  # S2 must not remove S's folder on close
