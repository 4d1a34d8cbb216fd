"""Crash safety: the server is killed with SIGKILL while tips with files,
reporters' messages and officers' messages are being written from several
threads. Restarted on the same folder, everything it answered 2xx is there
(receipts open their tips, messages are present), nothing half-written is
visible (every tip an officer sees is whole, every file it names downloads
whole), and the audit chain verifies.

Monitoring visits do not exist yet; when they do, add a writer of visits
here like the others."""

import hashlib
import json
import signal
import threading
import time

from sodtest import Server, run, run_cli, test

S = Server(demo=True)
S.add_user("off-mol", "officer", unit="mol")
S.start()
S.token("off-mol")
S.grant_keys()


def officer():
    return {"Authorization": "Bearer " + S.token("off-mol")}


def content(subject, size):
    """The file bytes filed with a subject: checkable after the crash."""
    seed = hashlib.sha256(subject.encode()).digest()
    return (seed * (size // len(seed) + 1))[:size]


def multipart(tip, filename, data):
    boundary = "----sodsongcrash3"
    out = ("--%s\r\nContent-Disposition: form-data; name=\"tip\"\r\n\r\n" % boundary).encode()
    out += json.dumps(tip).encode() + b"\r\n"
    out += ("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n\r\n"
            % (boundary, filename)).encode()
    out += data + ("\r\n--%s--\r\n" % boundary).encode()
    return out, "multipart/form-data; boundary=" + boundary


def file_tip(subject, size):
    tip = {"unit": "mol", "category": "bribery", "subject": subject,
           "description": "เนื้อหา " + subject}
    body, ct = multipart(tip, "หลักฐาน.bin", content(subject, size))
    r = S.request("POST", "/api/v1/tips", body=body, headers={"Content-Type": ct}, timeout=60)
    return r.json()["receipt"] if r.status == 201 else None


def receipt_token(receipt):
    for _ in range(100):  # 503 while the slow-hash gate is full
        r = S.post_json("/api/v1/receipt", {"receipt": receipt})
        if r.status != 503:
            break
        time.sleep(0.3)
    assert r.status == 200, r
    return r.json()["token"]


def file_tip_surely(subject, size):
    """Retry while the slow-hash gate answers 503 (a loaded machine)."""
    for _ in range(100):
        receipt = file_tip(subject, size)
        if receipt:
            return receipt
        time.sleep(0.3)
    raise AssertionError("no tip could be filed")


# A few tips to talk about before the storm.
BASE = [file_tip_surely("ก่อนเกิดเหตุ %d" % i, 1000) for i in range(3)]
OFF = officer()
BASE_IDS = [t["id"] for t in S.get("/api/v1/tips?limit=50", headers=OFF).json()["items"]]
REP_TOKENS = [receipt_token(r) for r in BASE]

acked_tips = {}        # subject -> receipt, answered 201
acked_officer = []     # (tip id, body), answered 201
acked_reporter = []    # (receipt, body), answered 201
lock = threading.Lock()
stop = threading.Event()


def tips_writer(n):
    i = 0
    while not stop.is_set():
        subject = "ระหว่างเกิดเหตุ %d-%d" % (n, i)
        try:
            receipt = file_tip(subject, 30000 + 997 * i)
        except Exception:  # noqa: BLE001 - the server died mid-request
            return
        if receipt:
            with lock:
                acked_tips[subject] = receipt
        i += 1


def officer_writer():
    i = 0
    while not stop.is_set():
        tid, body = BASE_IDS[i % len(BASE_IDS)], "คำถามเจ้าหน้าที่ %d" % i
        try:
            r = S.post_json("/api/v1/tips/%d/messages" % tid, {"body": body},
                            token=OFF["Authorization"][7:])
        except Exception:  # noqa: BLE001
            return
        if r.status == 201:
            with lock:
                acked_officer.append((tid, body))
        i += 1


def reporter_writer():
    i = 0
    while not stop.is_set():
        k = i % len(BASE)
        body = "คำตอบผู้แจ้ง %d" % i
        try:
            r = S.post_json("/api/v1/receipt/messages", {"body": body}, token=REP_TOKENS[k])
        except Exception:  # noqa: BLE001
            return
        if r.status == 201:
            with lock:
                acked_reporter.append((BASE[k], body))
        i += 1


@test
def everything_answered_before_a_sigkill_is_there_after_restart():
    threads = [threading.Thread(target=tips_writer, args=(n,)) for n in range(3)]
    threads += [threading.Thread(target=officer_writer), threading.Thread(target=reporter_writer)]
    for t in threads:
        t.start()
    # Kill once every kind of write has been answered at least a few times.
    deadline = time.time() + 120
    while time.time() < deadline:
        with lock:
            if len(acked_tips) >= 6 and len(acked_officer) >= 5 and len(acked_reporter) >= 5:
                break
        time.sleep(0.02)
    S.proc.send_signal(signal.SIGKILL)
    S.proc.wait()
    S.proc = None
    stop.set()
    for t in threads:
        t.join()
    assert len(acked_tips) >= 6 and len(acked_officer) >= 5 and len(acked_reporter) >= 5

    S.start()
    off = officer()
    # Every tip answered 201 opens with its receipt.
    for subject, receipt in acked_tips.items():
        mine = S.get("/api/v1/receipt/tip",
                     headers={"Authorization": "Bearer " + receipt_token(receipt)}).json()
        assert mine["subject"] == subject
    # Every message answered 201 is there.
    for tid in BASE_IDS:
        got = [m["body"] for m in S.get("/api/v1/tips/%d" % tid, headers=off).json()["messages"]]
        for t, body in acked_officer:
            if t == tid:
                assert body in got, body
    for receipt in BASE:
        mine = S.get("/api/v1/receipt/tip",
                     headers={"Authorization": "Bearer " + receipt_token(receipt)}).json()
        got = [m["body"] for m in mine["messages"] if m["from_reporter"]]
        for rc, body in acked_reporter:
            if rc == receipt:
                assert body in got, body
    # Nothing half-written: every tip the officer sees (answered or cut off
    # by the kill) is whole, and each file it names downloads whole.
    items, total = [], None
    while total is None or len(items) < total:
        page = S.get("/api/v1/tips?limit=200&offset=%d" % len(items), headers=off).json()
        items += page["items"]
        total = page["total"]
    subjects = {t["subject"] for t in items}
    assert set(acked_tips) <= subjects
    for t in items:
        full = S.get("/api/v1/tips/%d" % t["id"], headers=off).json()
        assert full["description"] == "เนื้อหา " + t["subject"]
        assert len(full["files"]) == 1, full["files"]
        f = full["files"][0]
        got = S.get("/tips/%d/files/%d" % (t["id"], f["id"]), headers=off)
        assert got.status == 200, got
        assert got.body == content(t["subject"], f["size"])
    # The server files again, and the audit chain holds.
    assert file_tip_surely("หลังเกิดเหตุ", 500)
    assert S.stop() == 0
    p = run_cli("audit", "verify", S.dir)
    assert "audit log intact" in p.stdout


try:
    run()
finally:
    stop.set()
    S.close()
