"""`sodsong audit verify DIR`: the audit log's hash chain checked by the real
binary. The entries are written here with Python's sqlite3 and hashlib,
computing the chain exactly as docs/audit.md describes it, so the test is
also a cross-check of the documented format; then they are tampered with
as an attacker holding the database file would."""

import hashlib
import os
import re
import shutil
import struct
import tempfile

from sodtest import db_connect, run, run_cli, test

TMP = tempfile.mkdtemp(prefix="sodsong-audit-")
GENESIS = hashlib.blake2b(b"sodsong audit log v1", digest_size=32).hexdigest()

ENTRIES = [
    # at, account_id, username, action, object, detail
    (1767225600, 0, "", "tip.create", "tip:1", ""),
    (1767225700, 7, "somchai", "tip.read", "tip:1", ""),
    (1767225800, 7, "somchai", "tip.transition", "tip:1", "status new→acknowledged"),
    (1767225900, 8, "malee", "case.create", "case:1", "จากเรื่องร้องเรียน tip:1"),
    (1767226000, 8, "malee", "person.read", "person:3", ""),
]


def entry_hash(prev_hex, eid, at, account, username, action, obj, detail):
    """hash_n = BLAKE2b-256(hash_{n-1} || encode(entry n)), per docs/audit.md."""
    b = bytes.fromhex(prev_hex) + struct.pack(">qqq", eid, at, account)
    for field in (username, action, obj, detail):
        raw = field.encode("utf-8")
        b += struct.pack(">I", len(raw)) + raw
    return hashlib.blake2b(b, digest_size=32).hexdigest()


def folder(name):
    d = os.path.join(TMP, name)
    run_cli("init", d)
    return d


def db(d):
    return db_connect(d)


def append(d, entries):
    """Append entries after the newest one, chaining them; returns the head."""
    con = db(d)
    with con:
        row = con.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
        last, prev = row if row else (0, GENESIS)
        for e in entries:
            last += 1
            h = entry_hash(prev, last, *e)
            con.execute("INSERT INTO audit(id, at, account_id, username, action, object, "
                        "detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (last, *e, prev, h))
            prev = h
    con.close()
    return last, prev


def tamper(d, sql, args=()):
    con = db(d)
    with con:
        con.execute(sql, args)
    con.close()


def verify(d, *extra):
    p = run_cli("audit", "verify", d, *extra, check=False)
    return p.returncode, p.stdout + p.stderr


def filled(name):
    d = folder(name)
    head = append(d, ENTRIES)
    return d, head


@test
def fresh_folder_has_an_empty_intact_log():
    d = folder("fresh")
    rc, out = verify(d)
    assert rc == 0, out
    assert "intact: 0 entries checked" in out, out
    assert "last hash: " + GENESIS in out, out


@test
def chain_written_by_the_documented_format_verifies():
    d, (last, head) = filled("good")
    rc, out = verify(d)
    assert rc == 0, out
    assert "intact: 5 entries checked" in out, out
    assert "last entry: 5" in out and "last hash: " + head in out, out
    # what it tells to note down is accepted back
    m = re.search(r"--expect (\d+:[0-9a-f]{64})", out)
    assert m and m.group(1) == "5:" + head, out
    rc, out = verify(d, "--expect", m.group(1))
    assert rc == 0 and "entry 5 has the hash noted earlier" in out, out
    # an earlier noted head still matches after more entries
    append(d, [(1767226100, 7, "somchai", "tip.read", "tip:2", "")])
    rc, out = verify(d, "--expect", "5:" + head)
    assert rc == 0 and "intact: 6 entries checked" in out, out


@test
def altered_detail_is_named():
    d, _ = filled("altered")
    tamper(d, "UPDATE audit SET detail = 'status new→closed' WHERE id = 3")
    rc, out = verify(d)
    assert rc == 1, out
    assert "entry 3 altered" in out, out


@test
def altered_username_time_or_hash_is_named():
    for i, (sql, eid) in enumerate([
            ("UPDATE audit SET username = 'admin' WHERE id = 2", 2),
            ("UPDATE audit SET at = at - 3600 WHERE id = 4", 4),
            ("UPDATE audit SET hash = ? WHERE id = 5", 5),
            ("UPDATE audit SET action = 'tip.rea', object = 'dtip:1' WHERE id = 2", 2)]):
        d, _ = filled("alt%d" % i)
        tamper(d, sql, ("0" * 64,) if "?" in sql else ())
        rc, out = verify(d)
        assert rc == 1 and "entry %d altered" % eid in out, (sql, out)


@test
def removed_entry_is_a_gap():
    d, _ = filled("gap")
    tamper(d, "DELETE FROM audit WHERE id = 3")
    rc, out = verify(d)
    assert rc == 1, out
    assert "entry 3 missing" in out, out


@test
def rehashed_entry_breaks_the_next_link():
    d, _ = filled("relink")
    con = db(d)
    prev, = con.execute("SELECT prev_hash FROM audit WHERE id = 2").fetchone()
    con.close()
    e = ENTRIES[1]
    forged = entry_hash(prev, 2, e[0], e[1], "nobody", e[3], e[4], e[5])
    tamper(d, "UPDATE audit SET username = 'nobody', hash = ? WHERE id = 2", (forged,))
    rc, out = verify(d)
    assert rc == 1, out
    assert "entry 3 broken_link" in out, out


@test
def cut_tail_is_found_only_against_the_noted_head():
    d, (last, head) = filled("tail")
    tamper(d, "DELETE FROM audit WHERE id >= 4")
    rc, out = verify(d)
    assert rc == 0 and "intact: 3 entries checked" in out, out
    rc, out = verify(d, "--expect", "%d:%s" % (last, head))
    assert rc == 1 and "entry 5 missing" in out and "cut short" in out, out
    assert "entries checked" not in out, out
    # the whole chain rewritten from entry 2 on: intact alone, not against the note
    d, (last, head) = filled("rewrite")
    con = db(d)
    with con:
        con.execute("DELETE FROM audit WHERE id >= 2")
    con.close()
    forged = [list(e) for e in ENTRIES[1:]]
    forged[1][5] = "status new→closed"
    append(d, [tuple(e) for e in forged])
    rc, out = verify(d)
    assert rc == 0 and "intact: 5 entries checked" in out, out
    rc, out = verify(d, "--expect", "%d:%s" % (last, head))
    assert rc == 1 and "entry 5 does not have the expected hash" in out, out


@test
def usage_and_missing_folder():
    d = folder("usage")
    for args in (["audit"], ["audit", "verify"], ["audit", "check", d],
                 ["audit", "verify", d, "--expect"],
                 ["audit", "verify", d, "--expect", "5"],
                 ["audit", "verify", d, "--expect", "0:" + GENESIS],
                 ["audit", "verify", d, "--expect", "x:" + GENESIS],
                 ["audit", "verify", d, "--expect", "1:" + GENESIS.upper()],
                 ["audit", "verify", d, "--expect", "1:" + GENESIS[:-1]],
                 ["audit", "verify", d, "--frobnicate", "1"]):
        p = run_cli(*args, check=False)
        assert p.returncode == 2, (args, p.returncode, p.stderr)
        assert "usage" in p.stderr or "--expect" in p.stderr, (args, p.stderr)
    p = run_cli("audit", "verify", os.path.join(TMP, "nowhere"), check=False)
    assert p.returncode == 1 and "not a data folder" in p.stderr, p.stderr


if __name__ == "__main__":
    try:
        run()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
