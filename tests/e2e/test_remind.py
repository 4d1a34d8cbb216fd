"""Reminders and webhooks, against a local SMTP sink and a local HTTP
receiver: the day's digest (`sodsong remind DIR --day …`) carries the right
counts and never a tip's words; a second run that day sends nothing; turned
off, nothing; without SMTP, exit 0 and a plain message; `serve` sends the
day's digests itself, inside its sandbox. Webhook deliveries are signed
(the receiver checks the HMAC), retried after a 500, logged; private
addresses and hostile URLs are refused."""

import datetime
import email
import email.header
import hashlib
import hmac
import http.server
import json
import os
import re
import threading
import time

import smtpsink
import sodtest
from sodtest import Browser, Server, run, run_cli, test

SINK = smtpsink.start()

SUBJECT = "เรียกรับเงินใต้โต๊ะค่าตรวจโรงงานลับสุดยอด"
DESCRIPTION = "ผู้ตรวจชื่อสมศักดิ์ขอเงินสามหมื่นบาทแลกกับการไม่ออกคำสั่งปิดโรงงาน"
SECRET_WORDS = [SUBJECT, DESCRIPTION, "สมศักดิ์", "ใต้โต๊ะ", "ขบวนการลับ"]

S = Server()
CONF = os.path.join(S.dir, "sodsong.conf")
with open(CONF, "a") as f:
    f.write("smtp_url = smtp://127.0.0.1:%d\n" % SINK.server_address[1])
    f.write("smtp_from = acoc-remind@example.org\n")
    f.write("base_url = https://acoc.example.org/\n")
    f.write("remind_hour = 7\n")
    f.write("webhook_retry_seconds = 1\n")
S.add_user("off", "officer")
S.add_user("sup", "supervisor")
S.add_user("adm", "admin")
S.start()
for u in ("off", "sup"):
    S.token(u)
S.grant_keys()
OFF = S.token("off")
SUP = S.token("sup")
ADM = S.token("adm")


def auth(tok):
    return {"Authorization": "Bearer " + tok}


def bangkok_today():
    return (datetime.datetime.utcnow() + datetime.timedelta(hours=7)).date()


TODAY = bangkok_today()


def day(n):
    return (TODAY + datetime.timedelta(days=n)).isoformat()


def file_tip(subject=SUBJECT, description=DESCRIPTION):
    r = S.post_json("/api/v1/tips", {"category": "bribery", "subject": subject,
                                     "description": description})
    assert r.status == 201, r


def tip_ids():
    r = S.get("/api/v1/tips?status=new", headers=auth(OFF))
    assert r.status == 200, r
    return sorted(t["id"] for t in r.json()["items"])


# Two tips; the first becomes a case, referred to the NACC today.
file_tip()
file_tip()
FIRST, SECOND = tip_ids()[:2]
r = S.post_json("/api/v1/cases", {"tip_ids": [FIRST], "title": "ขบวนการลับ"}, token=OFF)
assert r.status == 201, r
CASE = r.json()["id"]
assert S.post_json("/api/v1/cases/%d/transitions" % CASE,
                   {"to": "investigating", "note": "เริ่ม"}, token=OFF).status == 200
r = S.post_json("/api/v1/cases/%d/referrals" % CASE,
                {"agency": "nacc", "letter_no": "ปช 0001/1", "sent_on": TODAY.isoformat(),
                 "note": ""}, token=OFF)
assert r.status == 201, r


def settings(tok, **body):
    r = S.post_json("/api/v1/me/reminders", body, token=tok)
    return r


def remind(d, data_dir=None, check=True):
    return run_cli("remind", data_dir or S.dir, "--day", d, check=check)


def mails_to(addr):
    return [m for m in SINK.messages if addr in m[1]]


def parts(data):
    """Subject, text and HTML of a message as a reader sees them."""
    msg = email.message_from_bytes(data)
    subject = str(email.header.make_header(email.header.decode_header(msg["Subject"])))
    text = html = None
    for p in msg.walk():
        if p.get_content_type() == "text/plain":
            text = p.get_payload(decode=True).decode("utf-8")
        elif p.get_content_type() == "text/html":
            html = p.get_payload(decode=True).decode("utf-8")
    return subject, text, html


def counts(text):
    """{link path: (soon, overdue)} from the digest's text lines."""
    out = {}
    for m in re.finditer(r"^- [^\n]*?(\d+)[^\d\n]+(\d+)\n  https://acoc\.example\.org(\S+)$",
                         text, re.M):
        out[m.group(3)] = (int(m.group(1)), int(m.group(2)))
    return out


def no_tip_words(data):
    subject, text, html = parts(data)
    for w in SECRET_WORDS:
        for where in (subject, text, html, data.decode("ascii", "replace")):
            assert w not in where, w


@test
def settings_are_checked_and_kept():
    assert settings(OFF, enabled=True, email="off@example.org", lang="th").status == 200
    r = S.get("/api/v1/me/reminders", headers=auth(OFF)).json()
    assert r["enabled"] is True and r["email"] == "off@example.org" and r["lang"] == "th"
    assert set(r["kinds"]) == {"tips", "cases", "referrals", "quarters"}
    for bad, field in [({"enabled": "yes"}, "enabled"),
                       ({"enabled": True, "email": "no-at-sign"}, "email"),
                       ({"enabled": True, "email": "a@b.org>\r\nBcc: x@evil.org"}, "email"),
                       ({"enabled": True, "email": "x" * 300 + "@example.org"}, "email"),
                       ({"enabled": True, "email": 5}, "email"),
                       ({"enabled": True, "kinds": ["tips", "gossip"]}, "kinds"),
                       ({"enabled": True, "kinds": "tips"}, "kinds"),
                       ({"enabled": True, "lang": "fr"}, "lang")]:
        r = settings(OFF, **bad)
        assert r.status == 400 and r.json()["error"]["field"] == field, (bad, r)
    r = S.post_json("/api/v1/me/reminders", b'{"enabled": true, "email": "\xff@x.org"}', token=OFF)
    assert r.status == 400
    r = S.get("/api/v1/me/reminders", headers=auth(OFF)).json()
    assert r["email"] == "off@example.org"   # bad input changed nothing
    assert S.get("/api/v1/me/reminders").status == 401


@test
def the_account_page_form_keeps_the_settings():
    b = Browser(S)
    b.login("off")
    page = b.get("/account")
    assert page.status == 200 and 'id="reminders"' in page.text
    b.page_csrf(page)
    r = b.post("/account/reminders", {"enabled": "1", "kind_tips": "1", "kind_cases": "1",
                                      "email": "off@example.org", "lang": "en"})
    assert r.status == 303, r
    got = S.get("/api/v1/me/reminders", headers=auth(OFF)).json()
    assert got["kinds"] == ["tips", "cases"] and got["lang"] == "en" and got["enabled"]
    r = b.post("/account/reminders", {"enabled": "1", "kind_tips": "1",
                                      "email": "<script>@x", "lang": "th"})
    assert r.status == 400 and "อีเมลไม่ถูกต้อง" in r.text and "<script>@x" not in r.text
    assert S.get("/api/v1/me/reminders", headers=auth(OFF)).json()["kinds"] == ["tips", "cases"]
    r = b.post("/account/reminders", {"enabled": "1", "kind_tips": "1"}, csrf=False)
    assert r.status == 403
    # Nothing ticked: off.
    assert b.post("/account/reminders", {"enabled": "1", "email": "off@example.org"}).status == 303
    assert S.get("/api/v1/me/reminders", headers=auth(OFF)).json()["enabled"] is False
    settings(OFF, enabled=True, email="off@example.org", lang="th")


@test
def the_digest_counts_what_is_due_and_holds_no_tip_text():
    settings(OFF, enabled=True, email="off@example.org", lang="th")
    # Day 6 of the second tip (received today): due soon, nothing else yet.
    remind(day(5))
    got = mails_to("off@example.org")
    assert len(got) == 1, got
    subject, text, html = parts(got[0][2])
    assert subject.startswith("สอดส่อง") and "ใกล้ครบกำหนด" in text
    assert counts(text) == {"/tips?status=new": (1, 0)}, text
    assert "https://acoc.example.org/account#reminders" in text and html is not None
    assert "/account#reminders" in html
    no_tip_words(got[0][2])
    # 80 days on: the tip is overdue, the case's 3-month feedback is within
    # 14 days, the referral has had no answer for more than 30 days.
    remind(day(80))
    got = mails_to("off@example.org")
    assert len(got) == 2
    c = counts(parts(got[1][2])[1])
    assert c == {"/tips?status=new": (0, 1), "/cases": (1, 0),
                 "/cases?status=awaiting_answer": (0, 1)}, c
    no_tip_words(got[1][2])
    # Past the case's feedback date it counts as overdue.
    remind(day(91))
    c = counts(parts(mails_to("off@example.org")[-1][2])[1])
    assert c["/cases"] == (0, 1), c


@test
def a_second_run_the_same_day_sends_nothing():
    n = len(SINK.messages)
    p = remind(day(5))
    assert len(SINK.messages) == n
    assert "already sent" in p.stderr


@test
def turned_off_or_narrowed_settings_are_obeyed():
    assert settings(OFF, enabled=False).status == 200
    n = len(SINK.messages)
    remind(day(81))
    assert len(SINK.messages) == n
    assert settings(OFF, enabled=True, email="off@example.org", kinds=["referrals"],
                    lang="en").status == 200
    before = len(mails_to("off@example.org"))
    remind(day(82))
    got = mails_to("off@example.org")
    assert len(got) == before + 1
    subject, text, _ = parts(got[-1][2])
    assert subject.startswith("Sodsong") and "overdue" in text
    assert counts(text) == {"/cases?status=awaiting_answer": (0, 1)}, text
    settings(OFF, enabled=True, email="off@example.org", lang="th")


@test
def a_supervisor_is_reminded_of_an_unpublished_quarter():
    # An activity in this quarter gives the unit results to report; 15 days
    # after the quarter's end it is overdue, not a day before.
    r = S.post_json("/api/v1/units/root/activities",
                    {"kind": "talk", "title": "บรรยาย", "held_on": TODAY.isoformat(),
                     "audience": 12}, token=SUP)
    assert r.status == 201, r
    q_end_month = ((TODAY.month - 1) // 3) * 3 + 3
    nxt = datetime.date(TODAY.year + (q_end_month == 12), q_end_month % 12 + 1, 1)
    end = nxt - datetime.timedelta(days=1)
    settings(SUP, enabled=True, email="sup@example.org", kinds=["quarters"], lang="th")
    remind((end + datetime.timedelta(days=14)).isoformat())
    assert mails_to("sup@example.org") == []
    remind((end + datetime.timedelta(days=15)).isoformat())
    got = mails_to("sup@example.org")
    assert len(got) == 1
    assert counts(parts(got[0][2])[1]) == {"/results": (0, 1)}


@test
def without_smtp_remind_exits_0_and_says_so():
    other = Server()
    try:
        p = remind(day(5), data_dir=other.dir)
        assert p.returncode == 0
        assert "no mail server is configured" in p.stderr
    finally:
        other.close()
    p = run_cli("remind", S.dir, "--day", "2026-02-30", check=False)
    assert p.returncode == 2 and "--day" in p.stderr
    p = run_cli("remind", S.dir, "--day", "๒๕๖๙-๑๒-๐๑", check=False)
    assert p.returncode == 2


@test
def serve_sends_the_days_digest_inside_its_sandbox():
    # A day nobody was mailed for, at 08:00 Bangkok (after remind_hour 7).
    S.stop()
    d = TODAY + datetime.timedelta(days=6)
    at = int(datetime.datetime(d.year, d.month, d.day, 1, 0,
                               tzinfo=datetime.timezone.utc).timestamp())
    n = len(mails_to("off@example.org"))
    S.start(env={"SOD_TEST_NOW": str(at)})
    assert "sandbox: on" in S.log_text()
    deadline = time.time() + 30
    while time.time() < deadline and len(mails_to("off@example.org")) == n:
        time.sleep(0.2)
    got = mails_to("off@example.org")
    assert len(got) == n + 1, S.log_text()
    assert counts(parts(got[-1][2])[1]) == {"/tips?status=new": (1, 0)}
    no_tip_words(got[-1][2])
    S.stop()
    S.start()


# ---- webhooks ------------------------------------------------------------------


class Receiver(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), ReceiverHandler)
        self.got = []          # (headers, body)
        self.answers = []      # statuses to give, first first; then 200


class ReceiverHandler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.server.got.append((dict(self.headers), body))
        status = self.server.answers.pop(0) if self.server.answers else 200
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *a):
        pass


RECV = Receiver()
threading.Thread(target=RECV.serve_forever, daemon=True).start()
HOOK = "http://127.0.0.1:%d/hook" % RECV.server_address[1]


def set_hook(url, tok=None):
    return S.post_json("/api/v1/units/root/webhook", {"url": url}, token=tok or ADM)


def verify(secret, headers, body):
    ts = headers["X-Sodsong-Timestamp"]
    want = "sha256=" + hmac.new(secret.encode(), ts.encode() + b"." + body,
                                hashlib.sha256).hexdigest()
    return hmac.compare_digest(want, headers["X-Sodsong-Signature"])


def wait_for(n, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline and len(RECV.got) < n:
        time.sleep(0.1)
    assert len(RECV.got) >= n, (len(RECV.got), S.log_text()[-2000:])


@test
def private_addresses_and_hostile_urls_are_refused():
    hostile = [HOOK, "http://localhost/x", "http://[::1]/", "http://2130706433/",
               "http://0x7f.1/", "http://169.254.169.254/latest/meta-data/",
               "http://10.0.0.5/", "http://[::ffff:127.0.0.1]/",
               "javascript:alert(1)", "file:///etc/passwd", "gopher://example.org/",
               "ftp://example.org/", "example.org/hook", "", "http://",
               "http://user:pw@example.org/", "http://exa mple.org/",
               "http://example.org/\r\nX-Evil: 1", "http://example.org/" + "a" * 3000,
               "http://ตัวอย่าง.ไทย/"]
    for url in hostile:
        r = set_hook(url)
        assert r.status == 400 and r.json()["error"]["field"] == "url", (url, r)
    for body in ({"url": 5}, {"url": None}, {}, [], "no json"):
        r = S.post_json("/api/v1/units/root/webhook", body, token=ADM)
        assert r.status == 400, (body, r)
    r = S.post_json("/api/v1/units/root/webhook", b'{"url": "http://\xff/"}', token=ADM)
    assert r.status == 400
    assert S.get("/api/v1/units/root/webhook", headers=auth(ADM)).json()["url"] is None
    # Only an admin or supervisor of the unit.
    assert set_hook("https://example.org/hook", tok=OFF).status == 403
    assert S.get("/api/v1/units/root/webhook", headers=auth(OFF)).status == 403
    assert S.get("/api/v1/units/nowhere/webhook", headers=auth(ADM)).status == 404


def allow_private():
    """Let webhooks reach the receiver on 127.0.0.1 (restarts the server)."""
    with open(CONF) as f:
        if "webhook_allow_private = true" in f.read():
            return
    S.stop()
    with open(CONF, "a") as f:
        f.write("webhook_allow_private = true\n")
    S.start()


@test
def deliveries_are_signed_retried_after_500_and_logged():
    allow_private()
    r = set_hook(HOOK)
    assert r.status == 201, r
    secret = r.json()["secret"]
    assert re.fullmatch(r"whsec_[0-9a-f]{64}", secret)
    info = S.get("/api/v1/units/root/webhook", headers=auth(ADM)).json()
    assert info["url"] == HOOK and secret not in json.dumps(info)
    # The secret is not in the database in the clear.
    db = sodtest.db_connect(S.dir)
    stored = db.execute("SELECT secret_sealed FROM webhooks").fetchall()
    db.close()
    assert stored and all(secret not in str(row[0]) for row in stored)
    if not sodtest.database_url(S.dir):
        with open(os.path.join(S.dir, "sodsong.db"), "rb") as f:
            assert secret.encode() not in f.read()

    RECV.got.clear()
    RECV.answers[:] = [500]
    assert S.post_json("/api/v1/units/root/webhook/test", {}, token=ADM).status == 202
    wait_for(2)
    for headers, body in RECV.got[:2]:
        assert headers["X-Sodsong-Event"] == "test"
        assert verify(secret, headers, body)
        assert not verify("whsec_" + "0" * 64, headers, body)
        ev = json.loads(body)
        assert ev["event"] == "test" and ev["unit"] == "root"
    deadline = time.time() + 10
    while time.time() < deadline:
        log = S.get("/api/v1/units/root/webhook", headers=auth(ADM)).json()["deliveries"]
        if log and log[0]["status"] == "delivered":
            break
        time.sleep(0.1)
    assert log[0]["event"] == "test" and log[0]["status"] == "delivered", log
    assert log[0]["attempts"] == 2 and log[0]["last_status"] == 200, log

    # A real event: a tip comes in; the payload has its id and a link, no words.
    RECV.got.clear()
    file_tip()
    wait_for(1)
    headers, body = RECV.got[0]
    assert headers["X-Sodsong-Event"] == "tip.received" and verify(secret, headers, body)
    ev = json.loads(body)
    assert isinstance(ev["data"]["tip_id"], int)
    assert ev["data"]["link"] == "https://acoc.example.org/tips/%d" % ev["data"]["tip_id"]
    text = body.decode("utf-8")
    for w in SECRET_WORDS:
        assert w not in text


@test
def case_referral_and_quarter_events_carry_ids_not_words():
    allow_private()
    r = set_hook(HOOK)
    assert r.status == 201
    secret = r.json()["secret"]
    file_tip()
    tid = tip_ids()[-1]
    RECV.got.clear()
    r = S.post_json("/api/v1/cases", {"tip_ids": [tid], "title": "ขบวนการลับ"}, token=OFF)
    assert r.status == 201
    cid = r.json()["id"]
    assert S.post_json("/api/v1/cases/%d/transitions" % cid,
                       {"to": "investigating", "note": "สมศักดิ์"}, token=OFF).status == 200
    assert S.post_json("/api/v1/cases/%d/referrals" % cid,
                       {"agency": "pacc", "letter_no": "ปท 9/1", "sent_on": TODAY.isoformat(),
                        "note": "ใต้โต๊ะ"}, token=OFF).status == 201
    assert S.post_json("/api/v1/cases/%d/transitions" % cid,
                       {"to": "closed", "note": "สมศักดิ์ยอมรับ"}, token=OFF).status == 200
    b = Browser(S)
    b.login("sup")
    b.page_csrf(b.get("/units/root/results"))
    r = b.post("/units/root/publish", {"period": "2569-q4"})
    assert r.status == 303 and "saved=1" in r.header("Location"), r
    want = {"case.opened", "referral.sent", "case.closed", "quarter.published"}
    deadline = time.time() + 30
    while time.time() < deadline and not want <= {json.loads(b)["event"] for _, b in RECV.got}:
        time.sleep(0.1)
    seen = {}
    for headers, body in list(RECV.got):
        assert verify(secret, headers, body)
        ev = json.loads(body)
        seen[ev["event"]] = ev["data"]
        for w in SECRET_WORDS:
            assert w not in body.decode("utf-8"), w
    assert seen["case.opened"]["case_id"] == cid and seen["case.opened"]["tips"] == 1
    assert seen["referral.sent"]["agency"] == "pacc" and seen["referral.sent"]["case_id"] == cid
    assert seen["case.closed"]["case_id"] == cid
    assert seen["quarter.published"] == {"period": "2569-q4",
                                         "link": "https://acoc.example.org/public/root"}


@test
def a_receiver_that_keeps_failing_is_given_up():
    allow_private()
    S.stop()
    with open(CONF, "a") as f:
        f.write("webhook_max_attempts = 2\n")
    S.start()
    assert set_hook(HOOK).status == 201
    RECV.got.clear()
    RECV.answers[:] = [503, 503, 503]
    assert S.post_json("/api/v1/units/root/webhook/test", {}, token=ADM).status == 202
    wait_for(2)
    deadline = time.time() + 10
    while time.time() < deadline:
        log = S.get("/api/v1/units/root/webhook", headers=auth(ADM)).json()["deliveries"]
        if log[0]["status"] == "failed":
            break
        time.sleep(0.1)
    assert log[0]["status"] == "failed" and log[0]["attempts"] == 2, log
    assert log[0]["last_status"] == 503 and "503" in log[0]["last_error"]
    time.sleep(2.5)
    assert len(RECV.got) == 2   # no third try
    RECV.answers[:] = []


@test
def the_days_run_sends_tip_overdue_events_once():
    other = Server()
    try:
        with open(os.path.join(other.dir, "sodsong.conf"), "a") as f:
            f.write("webhook_allow_private = true\nwebhook_retry_seconds = 1\n")
        other.add_user("adm2", "admin")
        other.start()
        tok = other.token("adm2")
        r = other.post_json("/api/v1/units/root/webhook", {"url": HOOK}, token=tok)
        assert r.status == 201, r
        secret = r.json()["secret"]
        RECV.got.clear()
        assert other.post_json("/api/v1/tips", {"category": "other", "subject": SUBJECT,
                                                "description": DESCRIPTION}).status == 201
        wait_for(1)
        assert RECV.got[0][0]["X-Sodsong-Event"] == "tip.received"
        RECV.got.clear()
        p = run_cli("remind", other.dir, "--day", day(6))   # day 7: not late yet
        assert "tip.overdue" not in p.stderr
        p = run_cli("remind", other.dir, "--day", day(7))
        assert "1 tip.overdue webhook events queued" in p.stderr, p.stderr
        assert "no mail server is configured" in p.stderr
        p = run_cli("remind", other.dir, "--day", day(7))   # once a day
        assert "tip.overdue" not in p.stderr
        wait_for(1)
        headers, body = RECV.got[0]
        ev = json.loads(body)
        assert ev["event"] == "tip.overdue" and verify(secret, headers, body)
        assert ev["data"]["received_on"] == TODAY.isoformat()
        assert isinstance(ev["data"]["tip_id"], int)
        assert SUBJECT not in body.decode() and DESCRIPTION not in body.decode()
        time.sleep(1.5)
        assert len(RECV.got) == 1
    finally:
        other.close()


@test
def the_webhook_page_shows_the_secret_once_and_the_log():
    allow_private()
    b = Browser(S)
    b.login("adm")
    page = b.get("/units/root/webhook")
    assert page.status == 200
    b.page_csrf(page)
    r = b.post("/units/root/webhook", {"url": HOOK})
    assert r.status == 200
    m = re.search(r'id="webhook-secret">(whsec_[0-9a-f]{64})<', r.text)
    assert m
    assert m.group(1) not in b.get("/units/root/webhook").text
    r = b.post("/units/root/webhook", {"url": "javascript:alert(1)"})
    assert r.status == 400 and "http://" in r.text
    RECV.got.clear()
    r = b.post("/units/root/webhook/test", {})
    assert r.status == 303
    wait_for(1)
    assert verify(m.group(1), *RECV.got[0])
    deadline = time.time() + 10
    while time.time() < deadline and "ส่งสำเร็จ" not in b.get("/units/root/webhook").text:
        time.sleep(0.1)
    log = b.get("/units/root/webhook").text
    assert 'data-status="delivered"' in log and "ส่งสำเร็จ" in log
    # No CSRF token: refused, nothing queued.
    n = len(RECV.got)
    r = b.post("/units/root/webhook/test", {}, csrf=False)
    assert r.status == 403
    time.sleep(1.5)
    assert len(RECV.got) == n
    # Officers do not see the page.
    o = Browser(S)
    o.login("off")
    assert o.get("/units/root/webhook").status == 403


try:
    run()
finally:
    S.close()
    SINK.shutdown()
    RECV.shutdown()
