"""Public routes (filing a tip, following it with the receipt): no time finer
than the day tied to a tip anywhere in the data folder; limits per client
address with 429 and Retry-After; an evidence quota; a flood of receipts
never locks staff out; staff sessions are ignored by public routes; the
reporter's page token is not its session; evidence streams back; a user
without the right is refused before an upload's body is read.

The tags in brackets name the claims in the code and docs/security.md."""

import json
import os
import re
import threading
import time

from sodtest import Browser, Server, db_connect, raw, run, test

T0 = int(time.time()) - 1

S = Server()
S.add_user("off", "officer", name="เจ้าหน้าที่รับเรื่อง")
S.add_user("mon", "monitor")
S.start()
S.token("off")
S.grant_keys()
OFF = {"Authorization": "Bearer " + S.token("off")}

TIP = {"category": "bribery", "subject": "เรียกรับเงินค่าใบอนุญาต",
       "description": "เจ้าหน้าที่เรียกเงินสองหมื่นบาทเพื่อออกใบอนุญาตเร็วขึ้น"}
# A 1x1 PNG with right lengths and CRCs (a broken one is refused: media/image.c).
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
       b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\xdac\xf8\xcf\xc0\xf0\x1f\x00\x05"
       b"\x00\x01\xffV\xc7/\r\x00\x00\x00\x00IEND\xaeB`\x82")


def multipart(parts):
    boundary = "----sodsongpublic7"
    out = b""
    for name, filename, ctype, data in parts:
        disp = 'form-data; name="%s"' % name
        if filename is not None:
            disp += '; filename="%s"' % filename
        out += ("--%s\r\nContent-Disposition: %s\r\n" % (boundary, disp)).encode()
        if ctype:
            out += ("Content-Type: %s\r\n" % ctype).encode()
        out += b"\r\n" + data + b"\r\n"
    out += ("--%s--\r\n" % boundary).encode()
    return out, "multipart/form-data; boundary=" + boundary


def file_with(server, files, headers=None, tip=TIP):
    body, ct = multipart([("tip", None, "application/json", json.dumps(tip).encode())] +
                         [("file", n, None, d) for n, d in files])
    return server.request("POST", "/api/v1/tips", body=body,
                          headers={"Content-Type": ct, **(headers or {})})


def latest_tip(auth=OFF):
    r = S.get("/api/v1/tips?limit=1", headers=auth)
    assert r.status == 200, r
    return r.json()["items"][0]["id"]


def other_server(conf="", extra=()):
    s = Server()
    if conf:
        with open(os.path.join(s.dir, "sodsong.conf"), "a") as f:
            f.write(conf)
    return s.start(extra=extra)


# ---- finding 9: public routes ignore staff sessions -------------------------

def session_row():
    db = db_connect(S.dir)
    try:
        return db.execute("SELECT last_seen, expires_at FROM sessions "
                          "ORDER BY created_at DESC LIMIT 1").fetchone()
    finally:
        db.close()


@test
def a_signed_in_officer_files_a_tip_from_the_same_browser():
    b = Browser(S)
    b.login("off")
    staff_page = b.get("/")
    assert "เจ้าหน้าที่รับเรื่อง" in staff_page.text
    before = session_row()
    time.sleep(1.2)  # a touched session would show a later second
    page = b.get("/report")
    assert page.status == 200
    # The public page knows nothing of the session [public-no-session].
    assert "เจ้าหน้าที่รับเรื่อง" not in page.text and "/logout" not in page.text
    b.page_csrf(page)
    r = b.post("/report", {"category": "other", "subject": "แจ้งจากเครื่องเจ้าหน้าที่",
                           "description": "ยื่นเรื่องในเบราว์เซอร์ที่ลงชื่อเข้าใช้อยู่"})
    assert r.status == 201, r.text[-800:]
    assert "เจ้าหน้าที่รับเรื่อง" not in r.text
    assert re.search(r'id="receipt">([\d ]+)<', r.text)
    assert session_row() == before, (before, session_row())
    # The staff session still works, and its own token is no ticket to
    # the public form: CSRF there is the pre-session cookie.
    assert b.get("/tips").status == 200
    staff_csrf = re.search(r'name="csrf" value="([^"]*)"', b.get("/account").text).group(1)
    assert staff_csrf != b.csrf
    r = b.post("/report", {"category": "other", "subject": "x", "description": "y",
                           "csrf": staff_csrf})
    assert r.status == 403


# ---- finding 10: the reporter's page token is not its session ----------------

def follow(browser, receipt):
    browser.page_csrf(browser.get("/follow"))
    r = browser.post("/follow", {"receipt": receipt})
    assert r.status == 303 and r.header("Location") == "/follow/tip", r
    return browser.get("/follow/tip")


@test
def the_reporters_page_token_is_not_its_session():
    r = S.post_json("/api/v1/tips", TIP)
    assert r.status == 201
    b = Browser(S)
    page = follow(b, r.json()["receipt"])
    token = b.cookies["sod_reporter"]
    csrf = b.page_csrf(page)
    assert csrf != token and token not in page.text  # [reporter-csrf-separate]
    assert b.post("/follow/messages", {"body": "ส่งด้วยโทเค็นของเซสชัน", "csrf": token}).status == 403
    assert b.post("/follow/messages", {"body": "ไม่มีโทเค็น"}, csrf=False).status == 403
    r = b.post("/follow/messages", {"body": "ข้อความจากผู้แจ้ง"})
    assert r.status == 303, r
    tid = latest_tip()
    msgs = S.get("/api/v1/tips/%d" % tid, headers=OFF).json()["messages"]
    assert [m["body"] for m in msgs if m["from_reporter"]] == ["ข้อความจากผู้แจ้ง"]


# ---- finding 10: evidence streams back ---------------------------------------

@test
def evidence_streams_back_whole_and_only_to_its_readers():
    big = bytes(range(256)) * (4 * 1024 * 3 + 7)   # ~3 MiB, not a multiple of a chunk
    exact = b"\x5a" * (64 * 1024 * 2)                # exactly two chunks
    r = file_with(S, [("big.bin", big), ("exact.bin", exact), ("empty.bin", b"")])
    assert r.status == 201, r
    tid = latest_tip()
    files = {f["name"]: f for f in S.get("/api/v1/tips/%d" % tid, headers=OFF).json()["files"]}
    assert set(files) == {"big.bin", "exact.bin"}  # an empty part is no file
    for name, data in (("big.bin", big), ("exact.bin", exact)):
        got = S.get("/tips/%d/files/%d" % (tid, files[name]["id"]), headers=OFF)
        assert got.status == 200 and got.body == data, (name, len(got.body))
        assert got.header("Content-Disposition").startswith("attachment;")
    mon = {"Authorization": "Bearer " + S.token("mon")}
    assert S.get("/tips/%d/files/%d" % (tid, files["big.bin"]["id"]), headers=mon).status == 403
    assert S.get("/tips/%d/files/999999" % tid, headers=OFF).status == 404
    # An altered file: the download is cut short, never completed with
    # wrong bytes.
    victim = files["big.bin"]
    stored = sorted(os.listdir(os.path.join(S.dir, "files")),
                    key=lambda n: -os.path.getsize(os.path.join(S.dir, "files", n)))[0]
    path = os.path.join(S.dir, "files", stored)
    st = os.stat(path)
    with open(path, "r+b") as f:
        f.seek(200 * 1024)
        byte = f.read(1)
        f.seek(200 * 1024)
        f.write(bytes([byte[0] ^ 1]))
    try:
        try:
            got = S.get("/tips/%d/files/%d" % (tid, victim["id"]), headers=OFF)
            assert got.body != big
        except Exception:
            pass  # the connection is cut: the client sees an incomplete body
    finally:
        with open(path, "r+b") as f:
            f.seek(200 * 1024)
            f.write(byte)
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # as the server left it


# ---- finding 10: the import route checks the role before the body -----------

@test
def an_upload_without_the_right_is_refused_before_its_body():
    tok = S.token("mon")
    head = ("POST /units/root/import HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
            "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: %d\r\n\r\n"
            % (tok, 20 << 20)).encode()
    # Only the first bytes of 20 MiB: the answer must come without the rest
    # [import-role-before-body].
    out = raw(S.port, head + b"--b\r\n" + b"x" * 1000, shutdown=False)
    assert out.startswith(b"HTTP/1.1 403"), out[:200]
    root = "root"
    assert S.request("POST", "/units/%s/import" % root, body=b"",
                     headers={"Authorization": "Bearer " + tok,
                              "Content-Type": "multipart/form-data; boundary=b"}).status == 403


# ---- finding 6: a failure on a public route logs the day only ---------------

@test
def a_failure_on_a_public_route_logs_no_time():
    files = os.path.join(S.dir, "files")
    os.rename(files, files + ".away")
    with open(files, "w") as f:
        f.write("not a folder")
    time.sleep(1)  # lines of earlier requests are in the log before we count
    n = len(S.log)
    try:
        r = file_with(S, [("x.pdf", b"%PDF-1.4 hello")])
        assert r.status == 500, r
        time.sleep(0.3)
    finally:
        os.unlink(files)
        os.rename(files + ".away", files)
    # Only this request's lines: a staff request of another test may still
    # be finishing (its lines keep their time, rightly).
    lines = [ln for ln in S.log[n:] if "/units/" not in ln]
    assert lines, "the failure was not logged"
    for line in lines:  # [public-log-day-only]
        assert not re.search(r"\d\d:\d\d:\d\d", line), line
        assert re.match(r"\d{4}-\d\d-\d\d ", line), line


# ---- finding 7: limits per client address -------------------------------------

@test
def anonymous_filing_is_limited_per_address():
    s = other_server("tips_per_hour = 3\n", extra=("--trust-proxy",))
    try:
        a = {"X-Real-IP": "203.0.113.7"}
        for _ in range(3):
            assert s.post_json("/api/v1/tips", TIP, headers=a).status == 201
        r = s.post_json("/api/v1/tips", TIP, headers=a)
        assert r.status == 429, r  # [public-limits]
        assert int(r.header("Retry-After")) > 0
        assert r.json()["error"]["code"] == "too_many_attempts"
        # The page says so in Thai, before reading a byte of the files.
        r = s.request("POST", "/report", body="category=other&subject=x&description=y",
                      headers={"Content-Type": "application/x-www-form-urlencoded", **a})
        assert r.status == 429 and "กรุณารอสักครู่" in r.text and r.header("Retry-After")
        head = ("POST /api/v1/tips HTTP/1.1\r\nHost: x\r\nX-Real-IP: 203.0.113.7\r\n"
                "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: %d\r\n\r\n"
                % (20 << 20)).encode()
        out = raw(s.port, head + b"--b\r\n" + b"0" * 1000, shutdown=False)
        assert out.startswith(b"HTTP/1.1 429"), out[:200]
        assert os.listdir(os.path.join(s.dir, "files")) == []
        # Another address is not held back.
        assert s.post_json("/api/v1/tips", TIP, headers={"X-Real-IP": "198.51.100.2"}).status == 201
        # Receipt entries, right or wrong, and reporter messages are counted too.
        receipt = s.post_json("/api/v1/tips", TIP, headers={"X-Real-IP": "198.51.100.3"}).json()["receipt"]
        c = {"X-Real-IP": "192.0.2.44"}
        statuses = [s.post_json("/api/v1/receipt", {"receipt": receipt}, headers=c).status
                    for _ in range(21)]
        assert statuses[:20] == [200] * 20 and statuses[20] == 429, statuses
        tok = s.post_json("/api/v1/receipt", {"receipt": receipt},
                          headers={"X-Real-IP": "192.0.2.45"}).json()["token"]
        d = {"X-Real-IP": "192.0.2.46"}
        statuses = [s.post_json("/api/v1/receipt/messages", {"body": "ข้อความที่ %d" % i},
                                token=tok, headers=d).status for i in range(31)]
        assert statuses[:30] == [201] * 30 and statuses[30] == 429, statuses
    finally:
        s.close()


@test
def without_trust_proxy_x_real_ip_is_no_way_around_the_limit():
    s = other_server("tips_per_hour = 2\n")
    try:
        for ip in ("203.0.113.1", "203.0.113.2"):
            assert s.post_json("/api/v1/tips", TIP, headers={"X-Real-IP": ip}).status == 201
        assert s.post_json("/api/v1/tips", TIP, headers={"X-Real-IP": "203.0.113.3"}).status == 429
    finally:
        s.close()


@test
def evidence_has_a_quota_with_a_clear_error():
    s = other_server("evidence_quota_mib = 1\n")
    try:
        assert file_with(s, [("a.bin", b"a" * (600 << 10))]).status == 201
        r = file_with(s, [("b.bin", b"b" * (600 << 10))])
        assert r.status == 507, r  # [evidence-quota]
        assert r.json()["error"]["code"] == "storage_full"
        b = Browser(s)
        b.page_csrf(b.get("/report"))
        body, ct = multipart([("csrf", None, None, b.csrf.encode()),
                              ("category", None, None, b"other"),
                              ("subject", None, None, "มีไฟล์แนบ".encode()),
                              ("description", None, None, "ไฟล์ใหญ่".encode()),
                              ("file", "c.bin", None, b"c" * (600 << 10))])
        r = s.request("POST", "/report", body=body,
                      headers={"Content-Type": ct, "Cookie": "sod_pre=" + b.cookies["sod_pre"]})
        assert r.status == 507 and "พื้นที่เก็บไฟล์หลักฐาน" in r.text, r
        # A tip without files still goes in, and nothing half-written stays.
        assert s.post_json("/api/v1/tips", TIP).status == 201
        assert len(os.listdir(os.path.join(s.dir, "files"))) == 1
    finally:
        s.close()


@test
def a_flood_of_tips_and_receipts_never_locks_staff_out():
    # No waiting for a place: a request that finds every argon2id place
    # taken gets 503 at once, so staff would be refused whenever receipts
    # held them all.
    s = other_server("slow_hash_wait_ms = 0\n", extra=("--trust-proxy", "--threads", "24"))
    s.add_user("boss", "supervisor")
    stop = threading.Event()
    seen = []
    receipt = s.post_json("/api/v1/tips", TIP).json()["receipt"]

    def flood(k):
        # Right receipts and new tips: each costs an argon2id.
        i = 0
        while not stop.is_set():
            i += 1
            ip = {"X-Real-IP": "10.%d.%d.%d" % (k, i // 250, i % 250)}
            try:
                if k % 2:
                    r = s.post_json("/api/v1/receipt", {"receipt": receipt}, headers=ip)
                else:
                    r = s.post_json("/api/v1/tips", TIP, headers=ip)
                seen.append(r.status)
            except Exception:
                pass

    threads = [threading.Thread(target=flood, args=(k,), daemon=True) for k in range(40)]
    try:
        for t in threads:
            t.start()
        deadline = time.time() + 120
        while seen.count(503) < 5:
            assert time.time() < deadline, sorted(set(seen))
            time.sleep(0.05)  # the flood is on: reporters are being turned away
        # [slow-gate-staff-reserve]: staff sign in while receipts queue.
        results = [s.api_login("boss").status for _ in range(6)]
        assert results == [200] * 6, (results, sorted(set(seen)))
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=60)
        s.close()


# ---- finding 6: no second tied to a tip, anywhere in the data folder --------

TIME_RE = re.compile(r"\d\d:\d\d(:\d\d)?")

# Columns that may hold a time to the second: all of them staff acts or
# set up, none of them written for a reporter (docs/security.md).
ALLOWED_COLUMNS = {
    ("accounts", "created_at"), ("accounts", "locked_until"),
    ("units", "created_at"), ("unit_keys", "created_at"),
    ("sessions", "created_at"), ("sessions", "last_seen"), ("sessions", "expires_at"),
    ("audit", "at"),        # staff acts only: checked below
    ("unit_changes", "requested_at"), ("unit_changes", "decided_at"),  # staff acts
    ("meta", "value"), ("schema_version", "applied_at"),  # set-up and migrations
}
# Files whose time is not a tip's: the database is written by every act,
# staff's included; the data folder changes when the database opens and
# closes its journal; the key and the settings are made by `sodsong init`.
ALLOWED_FILES = {"sodsong.db", "sodsong.db-wal", "sodsong.db-shm", "sodsong.db-journal", ".",
                 "secret.key", "sodsong.conf"}  # made by `sodsong init`


def seconds_in_run(v, t0, t1):
    """A time to the second from the test's run -- or from the week after it
    (the ends of sessions that began in it)."""
    return isinstance(v, int) and t0 <= v <= t1 + 7 * 86400 and v % 86400 != 0


@test
def nothing_tied_to_a_tip_keeps_the_second():
    # Everything a reporter does: file (API and page, with files), enter the
    # receipt (API and page), read, write; an officer answers and downloads.
    r = file_with(S, [("photo.png", PNG), ("doc.pdf", b"%PDF-1.4 " + b"x" * 100000)])
    assert r.status == 201, r
    receipt = r.json()["receipt"]
    tid = latest_tip()
    S.post_json("/api/v1/tips/%d/messages" % tid, {"body": "ขอรายละเอียดเพิ่ม"},
                token=OFF["Authorization"][7:])
    tok = S.post_json("/api/v1/receipt", {"receipt": receipt}).json()["token"]
    assert S.post_json("/api/v1/receipt/messages", {"body": "ส่งเพิ่มครับ"}, token=tok).status == 201
    b = Browser(S)
    page = follow(b, receipt)
    b.page_csrf(page)
    assert b.post("/follow/messages", {"body": "อีกข้อความ"}).status == 303
    for f in S.get("/api/v1/tips/%d" % tid, headers=OFF).json()["files"]:
        assert S.get("/tips/%d/files/%d" % (tid, f["id"]), headers=OFF).status == 200
    S.stop()
    t1 = int(time.time()) + 1
    try:
        db = db_connect(S.dir)
        found = {}
        tables = [t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        assert "reporter_sessions" in tables
        assert db.execute("SELECT count(*) FROM reporter_sessions").fetchone()[0] >= 2
        for t in tables:
            cols = [c[1] for c in db.execute('PRAGMA table_info("%s")' % t)]
            for row in db.execute('SELECT * FROM "%s"' % t):
                for c, v in zip(cols, row):
                    if seconds_in_run(v, T0, t1) or (isinstance(v, str) and TIME_RE.search(v)
                                                      and not v.startswith("$argon2")):
                        found.setdefault((t, c), v)
                    if isinstance(v, str) and v.isdigit() and seconds_in_run(int(v), T0, t1):
                        found.setdefault((t, c), v)
        bad = {k: v for k, v in found.items() if k not in ALLOWED_COLUMNS}
        assert not bad, bad  # [reporter-day-only]
        # The audit log keeps staff acts only: no entry without an account,
        # but the operator's (account 0, username "recovery-key": `sodsong
        # keys grant` with the recovery key, docs/audit.md).
        assert db.execute("SELECT count(*) FROM audit WHERE account_id <= 0 "
                          "AND username <> 'recovery-key'").fetchone()[0] == 0
        actions = {a for (a,) in db.execute("SELECT DISTINCT action FROM audit")}
        assert not {a for a in actions if a.startswith(("tip.file.add", "tip.filed", "receipt",
                                                        "reporter"))}, actions
        db.close()
        late = []
        for root, dirs, files in os.walk(S.dir):
            for name in dirs + files + ["."]:
                p = os.path.join(root, name)
                rel = os.path.relpath(p, S.dir)
                st = os.stat(p)
                if seconds_in_run(int(st.st_mtime), T0, t1) and \
                        (rel if root != S.dir else name) not in ALLOWED_FILES:
                    late.append(rel)
        assert not late, late  # [evidence-no-mtime]
    finally:
        S.start()


try:
    run()
finally:
    S.close()
