"""`sodsong backup` and `sodsong restore` (docs/backup.md): a backup taken
while the server serves and tips are being filed restores in another folder
("another machine": another path, the key given apart), where a new server
shows the officers the same tips and files, the receipts still open the
reporters' tips, and the audit chain verifies. A tampered, truncated or
padded backup is refused with nothing restored; secret.key is only in a
backup made with --with-secret."""

import hashlib
import json
import os
import re
import shutil
import stat
import struct
import tempfile
import threading
import time
import urllib.parse
import zipfile

import sys

import sodtest
from sodtest import Server, run, run_cli, test

if sodtest.ENGINE == "pg":
    # On PostgreSQL `sodsong backup` is refused on purpose (pg_dump takes the
    # database; docs/storage.md): every case below is about the SQLite
    # snapshot and its zip, so this module checks the refusal only.
    @test
    def backup_on_postgresql_is_refused_pointing_at_pg_dump():
        P = Server()
        out = os.path.join(P.tmp, "b.zip")
        p = run_cli("backup", P.dir, out, check=False)
        assert p.returncode == 1 and "pg_dump" in p.stderr, (p.returncode, p.stderr)
        assert not os.path.exists(out)
        P.close()

    run()

S = Server(demo=True)
S.add_user("off-mol", "officer", unit="mol")
S.add_user("sup-root", "supervisor")
S.start()
for u in ("off-mol", "sup-root"):
    S.token(u)
S.grant_keys()
MOL = {"Authorization": "Bearer " + S.token("off-mol")}

TMP = tempfile.mkdtemp(prefix="sodsong-backup-")
# The key as an operator keeps it: apart from the data folder and backups.
KEY = os.path.join(TMP, "kept-apart", "secret.key")
os.makedirs(os.path.dirname(KEY))
shutil.copy(os.path.join(S.dir, "secret.key"), KEY)

EVIDENCE = ("สัญญาจ้างเหมาก่อสร้าง ราคากลาง 4,900,000 บาท\n" * 2000).encode()


def multipart(tip, files):
    boundary = "----sodsongbackup7"
    out = b""
    parts = [("tip", None, json.dumps(tip).encode())] + [("file", n, d) for n, d in files]
    for name, filename, data in parts:
        disp = 'form-data; name="%s"' % name
        if filename:
            disp += '; filename="%s"' % filename
        out += ("--%s\r\nContent-Disposition: %s\r\n\r\n" % (boundary, disp)).encode()
        out += data + b"\r\n"
    out += ("--%s--\r\n" % boundary).encode()
    return out, "multipart/form-data; boundary=" + boundary


def file_tip(server, subject, files=(), busy_ok=False):
    """The receipt; None for a 503 when busy_ok (the slow-hash gate is full
    on a loaded machine: the answer a real reporter retries after)."""
    tip = {"unit": "mol", "category": "bribery", "subject": subject,
           "description": "รายละเอียด " + subject}
    body, ct = multipart(tip, files)
    r = server.request("POST", "/api/v1/tips", body=body, headers={"Content-Type": ct})
    if busy_ok and r.status == 503:
        time.sleep(0.2)
        return None
    assert r.status == 201, r
    return r.json()["receipt"]


def reporter(server, receipt):
    for _ in range(100):  # 503 while the slow-hash gate is full
        r = server.post_json("/api/v1/receipt", {"receipt": receipt})
        if r.status != 503:
            break
        time.sleep(0.3)
    assert r.status == 200, r
    return {"Authorization": "Bearer " + r.json()["token"]}


# Before the backup: a tip with evidence, an officer's question and the
# reporter's answer.
FIRST = file_tip(S, "ฮั้วประมูลถนนก่อนสำรอง", [("สัญญา.pdf", EVIDENCE)])
FIRST_ID = S.get("/api/v1/tips?q=" + urllib.parse.quote("ฮั้วประมูล"), headers=MOL).json()["items"][0]["id"]
assert S.post_json("/api/v1/tips/%d/messages" % FIRST_ID, {"body": "ขอสำเนาสัญญาเพิ่ม"},
                   token=MOL["Authorization"][7:]).status == 201
assert S.post_json("/api/v1/receipt/messages", {"body": "ส่งให้แล้วครับ"},
                   token=reporter(S, FIRST)["Authorization"][7:]).status == 201


def backup_while_filing(path, *extra):
    """Run the backup while three threads file tips with files; returns the
    backup's output and the receipts answered 201 before it started."""
    stop = threading.Event()
    started = threading.Event()
    before, errors = [], []

    def filer(n):
        i = 0
        while not stop.is_set():
            try:
                rc = file_tip(S, "ระหว่างสำรอง %d-%d" % (n, i),
                              [("ภาพ%d.bin" % i, os.urandom(20000 + i))], busy_ok=True)
                if rc is not None and not started.is_set():
                    before.append(rc)
            except Exception as e:  # noqa: BLE001 - reported below
                errors.append(e)
                return
            i += 1
            if started.is_set() and i > 40:
                return

    threads = [threading.Thread(target=filer, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    while len(before) < 3 and not errors:
        time.sleep(0.05)
    started.set()
    p = run_cli("backup", S.dir, path, *extra)
    stop.set()
    for t in threads:
        t.join()
    assert not errors, errors
    return p, before


BACKUP = os.path.join(TMP, "sodsong-backup.zip")
OUT, BEFORE = backup_while_filing(BACKUP)


def members(path):
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i.filename) for i in z.infolist()}


@test
def the_backup_lists_every_member_with_its_hash_and_leaves_the_key_out():
    m = members(BACKUP)
    manifest = json.loads(m.pop("manifest.json"))
    assert manifest["format"] == "sodsong-backup" and manifest["version"] == 1
    assert manifest["with_secret"] is False
    assert re.fullmatch(r"[0-9a-f]{64}", manifest["key_check"])
    assert "secret.key" not in m
    assert "secret.key is not in this backup" in OUT.stdout
    listed = {x["name"]: x for x in manifest["members"]}
    assert set(listed) == set(m), (set(listed) ^ set(m))
    for name, data in m.items():
        assert listed[name]["size"] == len(data), name
        assert listed[name]["sha256"] == hashlib.sha256(data).hexdigest(), name
    assert {"sodsong.db", "sodsong.conf"} <= set(m)
    files = [n for n in m if n.startswith("files/")]
    assert len(files) >= 1 + len(BEFORE)
    # The newest audit entry of the snapshot, as printed for noting down.
    assert re.search(r"audit log: last entry %d, hash %s" % (
        manifest["audit"]["last_id"], manifest["audit"]["last_hash"]), OUT.stdout)
    assert stat.S_IMODE(os.stat(BACKUP).st_mode) == 0o600
    # Nothing left behind next to it.
    assert sorted(os.listdir(TMP)) == ["kept-apart", "sodsong-backup.zip"]


@test
def restore_without_the_key_says_what_is_missing_and_restores_nothing():
    target = os.path.join(TMP, "no-key")
    p = run_cli("restore", BACKUP, target, check=False)
    assert p.returncode == 1
    assert "no secret.key" in p.stderr and "--secret-key" in p.stderr
    assert not os.path.exists(target)
    assert not [n for n in os.listdir(TMP) if "restoring" in n]


ELSEWHERE = os.path.join(tempfile.mkdtemp(prefix="sodsong-other-machine-"), "sodsong")


@test
def a_restored_folder_serves_the_same_tips_receipts_and_files():
    p = run_cli("restore", BACKUP, ELSEWHERE, "--secret-key", KEY)
    assert "audit log intact" in p.stdout, p.stdout
    assert stat.S_IMODE(os.stat(ELSEWHERE).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(os.path.join(ELSEWHERE, "secret.key")).st_mode) == 0o600
    run_cli("audit", "verify", ELSEWHERE)
    R = Server.__new__(Server)
    R.tmp, R.dir, R.proc, R.log = os.path.dirname(ELSEWHERE), ELSEWHERE, None, []
    R.start()
    try:
        mol = {"Authorization": "Bearer " + R.token("off-mol")}
        full = R.get("/api/v1/tips/%d" % FIRST_ID, headers=mol).json()
        assert full["subject"] == "ฮั้วประมูลถนนก่อนสำรอง"
        assert full["description"] == "รายละเอียด ฮั้วประมูลถนนก่อนสำรอง"
        assert [m["body"] for m in full["messages"]][-2:] == ["ขอสำเนาสัญญาเพิ่ม", "ส่งให้แล้วครับ"]
        got = R.get("/tips/%d/files/%d" % (FIRST_ID, full["files"][0]["id"]), headers=mol)
        assert got.status == 200 and got.body == EVIDENCE
        mine = R.get("/api/v1/receipt/tip", headers=reporter(R, FIRST)).json()
        assert mine["messages"][-1]["body"] == "ส่งให้แล้วครับ"
        for rc in BEFORE:  # filed before the backup began: all there
            assert R.get("/api/v1/receipt/tip", headers=reporter(R, rc)).status == 200
        # Every tip in the copy has every file it names (none filed during
        # the backup is half there).
        items, total = [], None
        while total is None or len(items) < total:
            page = R.get("/api/v1/tips?limit=200&offset=%d" % len(items), headers=mol).json()
            items += page["items"]
            total = page["total"]
        assert len(items) >= 1 + len(BEFORE)
        for t in items:
            for f in R.get("/api/v1/tips/%d" % t["id"], headers=mol).json()["files"]:
                assert R.get("/tips/%d/files/%d" % (t["id"], f["id"]), headers=mol).status == 200
    finally:
        rc = R.stop()
    assert rc == 0


def refused(path, words):
    target = os.path.join(TMP, "refused")
    p = run_cli("restore", path, target, "--secret-key", KEY, check=False)
    assert p.returncode == 1, p.stdout
    assert words in p.stderr, p.stderr
    assert "nothing was restored" in p.stderr
    assert not os.path.exists(target)
    assert not [n for n in os.listdir(TMP) if "restoring" in n]


def rewrite(path, change):
    """A copy of the backup with members changed by change(dict) -> dict,
    written as a valid zip (right CRCs): what a careful tamperer makes."""
    m = members(BACKUP)
    m = change(m)
    with zipfile.ZipFile(path, "w") as z:
        for name, data in m.items():
            z.writestr(name, data)


@test
def a_tampered_backup_is_refused_naming_what_is_wrong():
    bad = os.path.join(TMP, "tampered.zip")
    evidence = sorted(n for n in members(BACKUP) if n.startswith("files/"))[0]

    def flip(m):
        data = bytearray(m[evidence])
        data[100] ^= 1
        m[evidence] = bytes(data)
        return m
    rewrite(bad, flip)
    refused(bad, "member %s does not match its SHA-256" % evidence)

    def drop(m):
        del m[evidence]
        return m
    rewrite(bad, drop)
    refused(bad, "member %s is listed in the manifest but missing" % evidence)

    def extra(m):
        m["files/" + "0" * 32] = b"planted"
        return m
    rewrite(bad, extra)
    refused(bad, "member files/%s is not listed in the manifest" % ("0" * 32))

    def db(m):
        m["sodsong.db"] = m["sodsong.db"][:-4096]
        return m
    rewrite(bad, db)
    refused(bad, "member sodsong.db has")

    def no_manifest(m):
        del m["manifest.json"]
        return m
    rewrite(bad, no_manifest)
    refused(bad, "no manifest.json")

    def escape(m):
        man = json.loads(m["manifest.json"])
        man["members"].append({"name": "../../etc/cron.d/x", "size": 1, "sha256": "0" * 64})
        m["manifest.json"] = json.dumps(man).encode()
        return m
    rewrite(bad, escape)
    refused(bad, "not a valid manifest")

    # Bytes changed in place (the zip's own checksum no longer matches).
    with open(BACKUP, "rb") as f:
        raw = bytearray(f.read())
    with zipfile.ZipFile(BACKUP) as z:
        info = z.getinfo(evidence)
    # The data begins after the local header, whose extra field may differ
    # in length from the central directory's.
    name_len, extra_len = struct.unpack("<HH", raw[info.header_offset + 26:info.header_offset + 30])
    raw[info.header_offset + 30 + name_len + extra_len + 50] ^= 0xFF
    with open(bad, "wb") as f:
        f.write(raw)
    refused(bad, "member %s" % evidence)

    # Cut short, as by a full disk or an interrupted copy.
    with open(bad, "wb") as f:
        f.write(raw[:len(raw) // 2])
    refused(bad, "not a readable backup")


@test
def restore_refuses_a_folder_that_holds_something():
    target = os.path.join(TMP, "busy")
    os.makedirs(target)
    with open(os.path.join(target, "notes.txt"), "w") as f:
        f.write("keep me")
    p = run_cli("restore", BACKUP, target, "--secret-key", KEY, check=False)
    assert p.returncode == 1 and "not empty" in p.stderr
    assert os.listdir(target) == ["notes.txt"]
    target = os.path.join(TMP, "bad-key")
    with open(os.path.join(TMP, "short.key"), "wb") as f:
        f.write(b"too short")
    p = run_cli("restore", BACKUP, target, "--secret-key", os.path.join(TMP, "short.key"),
                check=False)
    assert p.returncode == 1 and "is not a Sodsong secret.key" in p.stderr
    assert not os.path.exists(target)
    # Another installation's key: refused before anything is in place.
    other = os.path.join(TMP, "other-install")
    run_cli("init", other, "--recovery-key-file", os.path.join(TMP, "other.recovery"))
    p = run_cli("restore", BACKUP, target, "--secret-key", os.path.join(other, "secret.key"),
                check=False)
    assert p.returncode == 1 and "not the key of the data folder" in p.stderr, p.stderr
    assert not os.path.exists(target)


@test
def with_secret_the_key_travels_and_restore_needs_nothing_else():
    path = os.path.join(TMP, "with-secret.zip")
    p = run_cli("backup", S.dir, path, "--with-secret")
    assert "secret.key IS in this backup" in p.stdout
    m = members(path)
    with open(KEY, "rb") as f:
        assert m["secret.key"] == f.read()
    assert json.loads(m["manifest.json"])["with_secret"] is True
    target = os.path.join(TMP, "from-with-secret")
    p = run_cli("restore", path, target)
    assert "audit log intact" in p.stdout
    assert stat.S_IMODE(os.stat(os.path.join(target, "secret.key")).st_mode) == 0o600
    # A backup is never overwritten, and only a data folder is backed up.
    p = run_cli("backup", S.dir, path, check=False)
    assert p.returncode == 1 and "exists already" in p.stderr
    p = run_cli("backup", TMP, os.path.join(TMP, "x.zip"), check=False)
    assert p.returncode == 1 and "not a data folder" in p.stderr
    assert run_cli("backup", S.dir, check=False).returncode == 2
    assert run_cli("restore", path, check=False).returncode == 2


try:
    run()
finally:
    S.close()
    shutil.rmtree(TMP, ignore_errors=True)
    shutil.rmtree(os.path.dirname(ELSEWHERE), ignore_errors=True)
