"""Tips: filed anonymously through the API and the form, read by the
officers of the unit's line only, searched in Thai, answered through the
receipt; nothing readable in the data folder; nothing lost to a crash."""

import json
import os
import re
import signal
import time
import urllib.parse

from sodtest import PASSWORD, Browser, Server, db_connect, run, run_cli, test

S = Server(demo=True)
S.add_user("off-mol", "officer", unit="mol", name="เจ้าหน้าที่แรงงาน")
S.add_user("sup-root", "supervisor", name="หัวหน้าศูนย์")
S.add_user("off-moj", "officer", unit="moj")
S.add_user("cust", "custodian", name="ผู้พิทักษ์ข้อมูล")
S.start()
# Readers get their key pairs at their first sign-in, then their units'
# keys from the recovery key.
for u in ("off-mol", "sup-root", "off-moj", "cust"):
    S.token(u)
S.grant_keys()
MOL = {"Authorization": "Bearer " + S.token("off-mol")}
ROOT = {"Authorization": "Bearer " + S.token("sup-root")}
MOJ = {"Authorization": "Bearer " + S.token("off-moj")}

SECRET_WORDS = ["ค่าหัวคิว", "นายหน้าเถื่อน", "สมปอง", "0812223344", "whistle@example.org"]

TIP = {
    "unit": "mol-eyes",
    "category": "bribery",
    "subject": "เรียกเก็บค่าหัวคิวแรงงานต่างด้าว",
    "description": "นายหน้าเถื่อนเรียกเงินใต้โต๊ะจากแรงงานคนละ 5,000 บาท ที่สำนักงานจัดหางาน\n"
                   "มีการทุจริตในการออกใบอนุญาตทำงาน",
    "province": "74",
    "incident_date": "2025-09-01",
    "amount_baht": 5000,
    "accused": "สมปอง (นามสมมุติ)",
    "identity": {"name": "ผู้แจ้ง", "phone": "0812223344", "email": "whistle@example.org"},
}


def file_tip(tip=TIP):
    r = S.post_json("/api/v1/tips", tip)
    assert r.status == 201, r
    receipt = r.json()["receipt"]
    assert re.fullmatch(r"\d{16}", receipt)
    return receipt


def find(auth, **q):
    qs = "&".join("%s=%s" % (k, urllib.parse.quote(str(v), safe="%")) for k, v in q.items())
    r = S.get("/api/v1/tips?" + qs, headers=auth)
    assert r.status == 200, r
    return r.json()


RECEIPT = file_tip()


@test
def an_officer_of_the_line_reads_the_tip():
    items = find(MOL)["items"]
    assert len(items) == 1
    t = items[0]
    assert t["subject"] == TIP["subject"] and t["unit"] == "mol-eyes"
    assert t["status"] == "new" and t["identity_given"] is True
    full = S.get("/api/v1/tips/%d" % t["id"], headers=MOL).json()
    assert full["description"] == TIP["description"]
    assert full["amount_baht"] == "5000.00"
    assert "identity" not in json.dumps(full).replace("identity_given", "")
    assert "0812223344" not in json.dumps(full)
    # The root supervisor reads it through the root unit's key.
    assert find(ROOT)["total"] >= 1


@test
def another_units_officer_sees_nothing():
    assert find(MOJ)["total"] == 0
    tid = find(MOL)["items"][0]["id"]
    assert S.get("/api/v1/tips/%d" % tid, headers=MOJ).status == 404
    assert S.post_json("/api/v1/tips/%d/messages" % tid, {"body": "x"}, token=MOJ["Authorization"][7:]).status == 404
    S.add_user("monitor1", "monitor", unit="mol")
    mon = {"Authorization": "Bearer " + S.token("monitor1")}
    assert S.get("/api/v1/tips", headers=mon).status == 403
    assert S.get("/api/v1/tips").status == 401


@test
def thai_search_finds_words_inside_compounds_and_needs_all_words():
    def hits(q):
        return [t["id"] for t in find(MOL, q=q)["items"]]

    tid = find(MOL)["items"][0]["id"]
    assert hits("ทุจริต") == [tid]
    assert hits("ใต้โต๊ะ") == [tid]          # inside เงินใต้โต๊ะ
    assert hits("แรงงาน ใบอนุญาต") == [tid]  # every word must occur
    assert hits("แรงงาน ประมง") == []
    assert hits("ลอตเตอรี่") == []
    assert hits("%E0%B8%84%E0%B9%88%E0%B8%B2%E0%B8%AB%E0%B8%B1%E0%B8%A7%E0%B8%84%E0%B8%B4%E0%B8%A7") == [tid]


@test
def bad_tips_are_refused_field_by_field():
    def err(body):
        r = S.post_json("/api/v1/tips", body)
        assert r.status == 400, r
        return r.json()["error"]

    base = {k: v for k, v in TIP.items() if k != "identity"}
    assert err({**base, "subject": ""})["field"] == "subject"
    assert err({**base, "category": "gossip"})["field"] == "category"
    assert err({**base, "amount_baht": -1})["field"] == "amount_baht"
    assert err({**base, "province": "99"})["field"] == "province"
    assert err({**base, "subject": 42})["field"] == "subject"
    assert err({**base, "description": "ก" * 20001})["field"] == "description"
    assert err({**base, "unit": "nowhere"})["field"] == "unit"
    r = S.post_json("/api/v1/tips", b'{"subject": "\xff"}')
    assert r.status == 400 and r.json()["error"]["code"] == "invalid_utf8"
    assert find(MOL)["total"] == 1  # nothing was filed


@test
def the_reporter_and_the_officer_talk_through_the_receipt():
    tid = find(MOL)["items"][0]["id"]
    r = S.post_json("/api/v1/tips/%d/messages" % tid, {"body": "ขอเอกสารเพิ่มเติมได้ไหมครับ"},
                    token=MOL["Authorization"][7:])
    assert r.status == 201, r
    spaced = " ".join(RECEIPT[i:i + 4] for i in range(0, 16, 4))
    r = S.post_json("/api/v1/receipt", {"receipt": spaced})
    assert r.status == 200, r
    rep = {"Authorization": "Bearer " + r.json()["token"]}
    mine = S.get("/api/v1/receipt/tip", headers=rep).json()
    assert mine["subject"] == TIP["subject"]
    assert mine["messages"][-1]["body"] == "ขอเอกสารเพิ่มเติมได้ไหมครับ"
    assert mine["messages"][-1]["from_reporter"] is False
    r = S.post_json("/api/v1/receipt/messages", {"body": "มีใบเสร็จปลอมครับ"},
                    token=rep["Authorization"][7:])
    assert r.status == 201
    full = S.get("/api/v1/tips/%d" % tid, headers=MOL).json()
    assert full["messages"][-1] == {**full["messages"][-1], "from_reporter": True,
                                    "body": "มีใบเสร็จปลอมครับ"}
    wrong = ("1" if RECEIPT[0] != "1" else "2") + RECEIPT[1:]
    assert S.post_json("/api/v1/receipt", {"receipt": wrong}).status == 401
    assert S.post_json("/api/v1/receipt", {"receipt": "12"}).status == 401
    assert S.get("/api/v1/receipt/tip", headers={"Authorization": "Bearer x" * 3}).status == 401


@test
def the_form_works_without_javascript_and_escapes_what_it_shows():
    b = Browser(S)
    page = b.get("/report")
    assert page.status == 200 and "ประเภทเรื่อง" in page.text
    b.page_csrf(page)
    nasty = "<script>alert(1)</script> {{x}} ../../etc/passwd ' OR 1=1 --"
    r = b.post("/report", {"category": "procurement", "subject": nasty,
                           "description": "ฮั้วประมูลถนน " + nasty, "province": "40"})
    assert r.status == 201, r.text[-1500:]
    receipt = re.search(r'id="receipt">([\d ]+)<', r.text).group(1)
    assert len(receipt.replace(" ", "")) == 16
    r = b.post("/report", {"category": "procurement", "subject": "", "description": ""})
    assert r.status == 400 and "หัวเรื่อง" in r.text
    assert b.post("/report", {"category": "bribery", "subject": "x", "description": "y"},
                  csrf=False).status == 403
    o = Browser(S)
    o.login("sup-root")
    lst = o.get("/tips?q=" + urllib.parse.quote("ฮั้ว"))
    assert lst.status == 200 and "&lt;script&gt;" in lst.text and "<script>alert" not in lst.text
    tid = re.search(r'href="/tips/(\d+)"', lst.text).group(1)
    page = o.get("/tips/" + tid)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{x}}" in page.text
    o.page_csrf(page)
    assert o.post("/tips/%s/status" % tid, {"status": "acknowledged"}).status == 303
    f = Browser(S)
    fp = f.get("/follow")
    f.page_csrf(fp)
    r = f.post("/follow", {"receipt": receipt})
    assert r.status == 303 and r.header("Location") == "/follow/tip"
    mine = f.get("/follow/tip")
    assert "รับเรื่องแล้ว" in mine.text


# A 1x1 PNG with right lengths and CRCs (a broken one is refused: media/image.c).
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
       b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\xdac\xf8\xcf\xc0\xf0\x1f\x00\x05"
       b"\x00\x01\xffV\xc7/\r\x00\x00\x00\x00IEND\xaeB`\x82")
DOC = ("สัญญาจ้างเหมาก่อสร้างถนน ราคากลาง 4,900,000 บาท " * 3000).encode()  # ~ 300 KB


def multipart(parts):
    boundary = "----sodsongtip91"
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


@test
def evidence_files_stream_in_encrypted_and_come_back_whole():
    demo_files = set(os.listdir(os.path.join(S.dir, "files")))  # the demo's own evidence
    tip = {"unit": "mol", "category": "procurement", "subject": "ฮั้วงานถนนลาดยาง",
           "description": "มีหลักฐานสัญญาและภาพถ่าย"}
    body, ct = multipart([
        ("tip", None, "application/json", json.dumps(tip).encode()),
        ("file", "สัญญา<script>.pdf", "application/pdf", DOC),
        ("file", "../../รูปถ่าย.pdf", "application/pdf", PNG),   # a PNG that says it is a PDF
    ])
    r = S.request("POST", "/api/v1/tips", body=body, headers={"Content-Type": ct})
    assert r.status == 201, r
    tid = find(MOL, q="ฮั้ว")["items"][0]["id"]
    full = S.get("/api/v1/tips/%d" % tid, headers=MOL).json()
    files = {f["name"]: f for f in full["files"]}
    assert set(files) == {"สัญญา<script>.pdf", "../../รูปถ่าย.pdf"}
    assert files["../../รูปถ่าย.pdf"]["type"] == "image/png"  # from the bytes
    assert files["สัญญา<script>.pdf"]["size"] == len(DOC)
    got = S.get("/tips/%d/files/%d" % (tid, files["สัญญา<script>.pdf"]["id"]), headers=MOL)
    assert got.status == 200 and got.body == DOC
    disp = got.header("Content-Disposition")
    assert disp.startswith("attachment;") and "<" not in disp and "/" not in disp.split("''")[1]
    assert got.header("Content-Type") == "application/octet-stream"
    assert S.get("/tips/%d/files/%d" % (tid, files["สัญญา<script>.pdf"]["id"]),
                 headers=MOJ).status == 404
    stored = sorted(set(os.listdir(os.path.join(S.dir, "files"))) - demo_files)
    assert len(stored) == 2 and all(re.fullmatch(r"[0-9a-f]{32}", n) for n in stored)
    for n in stored:
        with open(os.path.join(S.dir, "files", n), "rb") as f:
            data = f.read()
        assert "ราคากลาง".encode() not in data and b"IHDR" not in data


@test
def a_refused_tip_leaves_no_file_behind():
    before = set(os.listdir(os.path.join(S.dir, "files")))
    body, ct = multipart([("tip", None, None, b'{"category": "bribery"}'),
                          ("file", "x.txt", "text/plain", b"hello " * 1000)])
    r = S.request("POST", "/api/v1/tips", body=body, headers={"Content-Type": ct})
    assert r.status == 400, r
    big = b"0" * (21 << 20)
    body, ct = multipart([("tip", None, None, json.dumps({**TIP, "identity": None}).encode()),
                          ("file", "big.bin", None, big)])
    r = S.request("POST", "/api/v1/tips", body=body, headers={"Content-Type": ct})
    assert r.status == 413, r
    assert set(os.listdir(os.path.join(S.dir, "files"))) == before


@test
def an_officer_records_a_phone_tip_and_hands_over_the_receipt():
    o = Browser(S)
    o.login("off-mol")
    page = o.get("/tips/new")
    assert page.status == 200
    o.page_csrf(page)
    r = o.post("/tips/new", {"channel": "phone", "unit": "mol-eyes", "category": "abuse_of_power",
                             "subject": "แจ้งทางสายด่วน", "description": "ผู้แจ้งโทรมาเล่า"})
    assert r.status == 201, r.text[-800:]
    receipt = re.search(r'id="receipt">([\d ]+)<', r.text).group(1).replace(" ", "")
    assert "มอบรหัสนี้ให้ผู้แจ้ง" in r.text
    t = [x for x in find(MOL)["items"] if x.get("subject") == "แจ้งทางสายด่วน"][0]
    assert t["channel"] == "phone"
    trail = S.get("/api/v1/audit?object=tip:%d" % t["id"], headers=ROOT).json()["items"]
    assert [(e["action"], e["who"]) for e in trail][:1] == [("tip.create", "off-mol")]
    assert S.post_json("/api/v1/receipt", {"receipt": receipt}).status == 200
    r = o.post("/tips/new", {"channel": "phone", "unit": "moj", "category": "other",
                             "subject": "x", "description": "y"})
    assert r.status == 400  # not a unit of this officer's line
    r = o.post("/tips/new", {"channel": "carrier-pigeon", "category": "other",
                             "subject": "x", "description": "y"})
    assert r.status == 400


@test
def a_case_from_tips_through_referral_to_closing():
    tok = MOL["Authorization"][7:]
    tid = find(MOL, q="ค่าหัวคิว")["items"][0]["id"]
    r = S.post_json("/api/v1/cases", {"tip_ids": [tid], "title": "ขบวนการค่าหัวคิวแรงงาน"}, token=tok)
    assert r.status == 201, r
    cid = r.json()["id"]
    assert S.post_json("/api/v1/cases", {"tip_ids": [tid], "title": "ซ้ำ"}, token=tok).status == 409
    assert S.post_json("/api/v1/cases", {"tip_ids": [], "title": "x"}, token=tok).status == 400
    assert S.post_json("/api/v1/cases", {"tip_ids": ["1"], "title": "x"}, token=tok).status == 400
    c = S.get("/api/v1/cases/%d" % cid, headers=MOL).json()
    assert c["status"] == "new" and c["tips"] == [tid] and c["title"] == "ขบวนการค่าหัวคิวแรงงาน"
    assert S.get("/api/v1/tips/%d" % tid, headers=MOL).json()["status"] == "in_case"

    def move(to, note=None, want=200):
        body = {"to": to}
        if note is not None:
            body["note"] = note
        r = S.post_json("/api/v1/cases/%d/transitions" % cid, body, token=tok)
        assert r.status == want, (to, r)
        return r

    move("referred", want=409)           # not from new
    move("flying", want=400)
    move("investigating", "เริ่มตรวจสอบข้อเท็จจริง")
    r = S.post_json("/api/v1/cases/%d/referrals" % cid,
                    {"agency": "nacc", "letter_no": "ยธ 0701/123", "sent_on": "2026-11-20",
                     "note": "ส่งพร้อมเอกสารหลักฐาน"}, token=tok)
    assert r.status == 201, r
    r = S.post_json("/api/v1/cases/%d/referrals" % cid,
                    {"agency": "fbi", "letter_no": "x", "sent_on": "2026-11-20"}, token=tok)
    assert r.status == 400 and r.json()["error"]["field"] == "agency"
    c = S.get("/api/v1/cases/%d" % cid, headers=MOL).json()
    assert c["status"] == "referred"     # a referral moves an investigating case
    assert c["referrals"][0]["agency"] == "nacc" and c["referrals"][0]["note"] == "ส่งพร้อมเอกสารหลักฐาน"
    move("awaiting_answer")
    ref = c["referrals"][0]["id"]
    ans = "/api/v1/cases/%d/referrals/%d/answer" % (cid, ref)
    b = Browser(S)
    b.login("off-mol")
    assert 'action="/cases/%d/referrals/%d/answer"' % (cid, ref) in b.get("/cases/%d" % cid).text
    for body, field in (({"answered_on": "2026-13-01", "outcome": "x"}, "answered_on"),
                        ({"answered_on": "2026-11-22"}, "outcome"),
                        ({"answered_on": "2026-11-22", "outcome": 5}, "outcome")):
        r = S.post_json(ans, body, token=tok)
        assert r.status == 400 and r.json()["error"]["field"] == field, (body, r)
    assert S.post_json("/api/v1/cases/%d/referrals/999999/answer" % cid,
                       {"answered_on": "2026-11-22", "outcome": "x"}, token=tok).status == 404
    assert S.post_json(ans, {"answered_on": "2026-11-22", "outcome": "ตอบรับเรื่องไว้พิจารณา"},
                       token=MOJ["Authorization"][7:]).status == 404
    r = S.post_json(ans, {"answered_on": "2026-11-22", "outcome": "ตอบรับเรื่องไว้พิจารณา"},
                    token=tok)
    assert r.status == 200, r
    c = S.get("/api/v1/cases/%d" % cid, headers=MOL).json()
    assert c["referrals"][0]["answered_on"] == "2026-11-22"
    assert c["referrals"][0]["outcome"] == "ตอบรับเรื่องไว้พิจารณา"
    move("closed", want=400)             # closing needs the outcome
    move("closed", "ป.ป.ช. รับไว้ไต่สวน")
    move("investigating", want=409)      # closed is final
    c = S.get("/api/v1/cases/%d" % cid, headers=MOL).json()
    assert [e["to"] for e in c["events"] if e["kind"] == "transition"] == \
        ["investigating", "referred", "awaiting_answer", "closed"]
    assert S.get("/api/v1/cases/%d" % cid, headers=MOJ).status == 404
    listed = S.get("/api/v1/cases", headers=MOL).json()["items"]
    assert any(x["id"] == cid for x in listed)
    assert S.get("/api/v1/cases", headers=MOJ).json()["items"] == []
    # At rest: the case title and notes are not in the database.
    db = db_connect(S.dir)
    dump = "\n".join(db.iterdump())
    db.close()
    for w in ["ขบวนการค่าหัวคิว", "ส่งพร้อมเอกสาร", "รับไว้ไต่สวน", "ตอบรับเรื่องไว้พิจารณา"]:
        assert w not in dump, w
    assert "ยธ 0701/123" in dump  # letter numbers are plain, for follow-up


@test
def case_list_exports_without_text_unless_asked():
    import io
    import zipfile
    o = Browser(S)
    o.login("off-mol")
    r = o.get("/cases/export.csv")
    assert r.status == 200 and "attachment" in r.header("Content-Disposition")
    assert r.body.startswith(b"\xef\xbb\xbf")
    text = r.body.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("เลขที่,")
    assert "ขบวนการค่าหัวคิว" not in text and "0812223344" not in text
    r = o.get("/cases/export.csv?text=1")
    assert "ขบวนการค่าหัวคิวแรงงาน" in r.body.decode("utf-8-sig")
    r = o.get("/cases/export.xlsx?text=1")
    assert r.status == 200 and r.body[:2] == b"PK"
    z = zipfile.ZipFile(io.BytesIO(r.body))
    strings = z.read("xl/sharedStrings.xml").decode()
    assert "ขบวนการค่าหัวคิวแรงงาน" in strings
    r = o.get("/cases/export.xlsx")
    strings = zipfile.ZipFile(io.BytesIO(r.body)).read("xl/sharedStrings.xml").decode()
    assert "ขบวนการค่าหัวคิว" not in strings
    m = Browser(S)
    m.login("off-moj")
    assert "ขบวนการ" not in m.get("/cases/export.csv?text=1").body.decode("utf-8-sig")


@test
def identity_only_after_a_custodian_approves():
    tid = [t for t in find(MOL)["items"] if t["identity_given"]][-1]["id"]
    o = Browser(S)
    o.login("off-mol")
    page = o.get("/tips/%d" % tid)
    assert "0812223344" not in page.text and "whistle@example.org" not in page.text
    o.page_csrf(page)
    assert o.post("/tips/%d/identity-requests" % tid, {"reason": "สั้น"}).status == 400
    r = o.post("/tips/%d/identity-requests" % tid,
               {"reason": "ต้องสอบถามรายละเอียดเพิ่มเพื่อยืนยันตัวผู้ถูกกล่าวหา"})
    assert r.status == 303
    page = o.get("/tips/%d" % tid)
    assert "รอการพิจารณา" in page.text and "0812223344" not in page.text
    c = Browser(S)
    c.login("cust")
    pending = c.get("/custodian")
    assert pending.status == 200 and "#%d" % tid in pending.text
    rid = re.search(r'/identity-requests/(\d+)/decision', pending.text).group(1)
    c.page_csrf(pending)
    # An officer cannot decide; the custodian can, once.
    assert o.post("/identity-requests/%s/decision" % rid, {"decision": "approve"}).status == 403
    assert c.post("/identity-requests/%s/decision" % rid, {"decision": "approve"}).status == 303
    assert c.post("/identity-requests/%s/decision" % rid, {"decision": "refuse"}).status == 409
    page = o.get("/tips/%d" % tid)
    assert "0812223344" in page.text and "whistle@example.org" in page.text
    # Another officer of the line still sees nothing.
    s2 = Browser(S)
    s2.login("sup-root")
    assert "0812223344" not in s2.get("/tips/%d" % tid).text


@test
def the_audit_trail_records_reads_and_changes_and_verifies():
    tid = find(MOL, q="ค่าหัวคิว")["items"][0]["id"]
    S.get("/api/v1/tips/%d" % tid, headers=MOL)
    r = S.get("/api/v1/audit?object=tip:%d" % tid, headers=ROOT)
    assert r.status == 200, r
    actions = [e["action"] for e in r.json()["items"]]
    # The reporter's own acts are not in the log: its times would date them.
    assert "tip.create" not in actions
    assert all(e["account"] != 0 for e in r.json()["items"])
    assert "tip.read" in actions and "tip.message" in actions and "identity.approve" in actions
    assert all("ค่าหัวคิว" not in e["detail"] for e in r.json()["items"])
    who = {e["who"] for e in r.json()["items"] if e["action"] == "tip.read"}
    assert "off-mol" in who
    assert S.get("/api/v1/audit?object=tip:%d" % tid, headers=MOL).status == 403  # officers: no
    assert S.get("/api/v1/audit?object=nonsense", headers=ROOT).status == 400
    assert S.get("/api/v1/audit?object=tip:999999", headers=ROOT).status == 404
    # The same trail as a page, for supervisors, linked from the tip.
    sup = Browser(S)
    sup.login("sup-root")
    assert 'href="/audit?object=tip:%d"' % tid in sup.get("/tips/%d" % tid).text
    page = sup.get("/audit?object=tip:%d" % tid)
    assert page.status == 200 and "เปิดอ่านเบาะแส" in page.text and "off-mol" in page.text
    assert "ค่าหัวคิว" not in page.text
    assert sup.get("/audit?object=" + urllib.parse.quote("<script>")).status == 400
    off = Browser(S)
    off.login("off-mol")
    assert off.get("/audit?object=tip:%d" % tid).status == 403
    assert "/audit?object=" not in off.get("/tips/%d" % tid).text
    S.stop()
    try:
        p = run_cli("audit", "verify", S.dir)
        assert p.returncode == 0, p.stderr
        db = db_connect(S.dir)
        row = db.execute("select id from audit where action = 'tip.read' limit 1").fetchone()
        db.execute("update audit set username = 'someone-else' where id = ?", row)
        db.commit()
        db.close()
        p = run_cli("audit", "verify", S.dir, check=False)
        assert p.returncode == 1 and str(row[0]) in p.stdout + p.stderr, (p.stdout, p.stderr)
    finally:
        S.start()


@test
def a_tip_acknowledged_with_201_survives_a_crash():
    r = S.post_json("/api/v1/tips", {"category": "other", "subject": "ก่อนไฟดับ",
                                     "description": "ทดสอบความทนทาน"})
    assert r.status == 201
    receipt = r.json()["receipt"]
    S.proc.send_signal(signal.SIGKILL)
    S.proc.wait()
    S.proc = None
    S.start()
    r = S.post_json("/api/v1/receipt", {"receipt": receipt})
    assert r.status == 200, r
    mine = S.get("/api/v1/receipt/tip", headers={"Authorization": "Bearer " + r.json()["token"]})
    assert mine.json()["subject"] == "ก่อนไฟดับ"


@test
def public_routes_leave_no_time_in_the_log():
    r = S.post_json("/api/v1/tips", {"category": "other", "subject": "log", "description": "log"})
    assert r.status == 201, r
    # The log is read from the server's stderr by another thread: wait for
    # the line rather than race it (a loaded machine is slow to deliver).
    for _ in range(200):
        lines = [l for l in S.log_text().splitlines() if "/api/v1/tips" in l and "POST" in l]
        if lines:
            break
        time.sleep(0.05)
    assert lines and all(re.match(r"^\d{4}-\d\d-\d\d access POST /api/v1/tips 201$", l)
                         for l in lines), lines


@test
def internal_notes_stay_with_officers_and_tags_sort_the_tips():
    receipt = file_tip({**TIP, "subject": "ป้ายกำกับและบันทึกภายใน"})
    tid = [x for x in find(MOL)["items"] if x.get("subject") == "ป้ายกำกับและบันทึกภายใน"][0]["id"]
    o = Browser(S)
    o.login("off-mol")
    page = o.get("/tips/%d" % tid)
    o.page_csrf(page)
    note = "ผู้ถูกกล่าวหาเป็นญาติของหัวหน้าสำนักงาน ตรวจสอบก่อนตอบผู้แจ้ง"
    assert o.post("/tips/%d/notes" % tid, {"body": note}).status == 303
    assert o.post("/tips/%d/notes" % tid, {"body": ""}).status == 400
    # A note over its 20,000 characters is a field error (400), not a body
    # over the form limit (413: 25 MiB).
    r = o.post("/tips/%d/notes" % tid, {"body": "x" * 20001})
    assert r.status == 400, r
    assert "x" * 20001 not in S.get("/api/v1/tips/%d" % tid, headers=MOL).text
    nasty = "<b>ด่วน</b>"
    for tag in ("เร่งด่วน", nasty, "เร่งด่วน"):
        assert o.post("/tips/%d/tags" % tid, {"tag": tag}).status == 303
    assert o.post("/tips/%d/tags" % tid, {"tag": ""}).status == 400
    assert o.post("/tips/%d/tags" % tid, {"tag": "ก" * 41}).status == 400
    assert o.post("/tips/%d/tags" % tid, {"tag": "a\u0000b"}).status == 400
    page = o.get("/tips/%d" % tid)
    assert note in page.text and "ผู้แจ้งไม่เห็น" in page.text
    assert "&lt;b&gt;ด่วน&lt;/b&gt;" in page.text and "<b>ด่วน" not in page.text
    full = S.get("/api/v1/tips/%d" % tid, headers=MOL).json()
    assert full["tags"] == sorted(["เร่งด่วน", nasty])
    assert [m["internal"] for m in full["messages"] if m["body"] == note] == [True]
    # The reporter never sees the note, nor the tags.
    rep = S.post_json("/api/v1/receipt", {"receipt": receipt}).json()["token"]
    mine = S.get("/api/v1/receipt/tip", headers={"Authorization": "Bearer " + rep})
    assert mine.status == 200 and note not in mine.text and "เร่งด่วน" not in mine.text
    f = Browser(S)
    f.page_csrf(f.get("/follow"))
    assert f.post("/follow", {"receipt": receipt}).status == 303
    page = f.get("/follow/tip")
    assert page.status == 200 and "ป้ายกำกับและบันทึกภายใน" in page.text
    assert note not in page.text and "เร่งด่วน" not in page.text
    # Tags come off again; another unit's officer cannot touch either.
    assert o.post("/tips/%d/tags" % tid, {"tag": nasty, "remove": "1"}).status == 303
    assert S.get("/api/v1/tips/%d" % tid, headers=MOL).json()["tags"] == ["เร่งด่วน"]
    j = Browser(S)
    j.login("off-moj")
    j.page_csrf(j.get("/tips"))
    assert j.post("/tips/%d/notes" % tid, {"body": "แอบดู"}).status == 404
    assert j.post("/tips/%d/tags" % tid, {"tag": "แอบดู"}).status == 404
    # Both are in the audit trail, without their text.
    trail = S.get("/api/v1/audit?object=tip:%d" % tid, headers=ROOT).json()["items"]
    acts = [e["action"] for e in trail]
    assert "tip.note" in acts and acts.count("tip.tag") == 3 and "tip.untag" in acts
    assert note not in json.dumps(trail, ensure_ascii=False)


@test
def a_case_is_given_to_an_officer_of_its_line():
    tid = file_tip({**TIP, "subject": "เรื่องที่ต้องมอบหมาย"}) and \
        [x for x in find(MOL)["items"] if x.get("subject") == "เรื่องที่ต้องมอบหมาย"][0]["id"]
    tok = MOL["Authorization"][7:]
    r = S.post_json("/api/v1/cases", {"tip_ids": [tid], "title": "คดีมอบหมาย"}, token=tok)
    assert r.status == 201, r
    cid = r.json()["id"]
    assert S.get("/api/v1/cases/%d" % cid, headers=MOL).json()["assignee"] is None

    def assign(who, want, token=tok):
        r = S.post_json("/api/v1/cases/%d/assign" % cid, {"assignee": who}, token=token)
        assert r.status == want, (who, r)
        return r

    assign("sup-root", 200)      # a supervisor above the unit may take it
    c = S.get("/api/v1/cases/%d" % cid, headers=MOL).json()
    assert c["assignee"] == "sup-root" and c["assignee_name"] == "หัวหน้าศูนย์"
    for who in ("off-moj", "nobody-here", "cust", "x" * 300, 42, ["off-mol"]):
        r = assign(who, 400)
        assert r.json()["error"]["field"] == "assignee"
    assert S.get("/api/v1/cases/%d" % cid, headers=MOL).json()["assignee"] == "sup-root"
    assign("off-mol", 404, token=MOJ["Authorization"][7:])   # not their case to know
    # In the page: "take it myself", then the list shows who has it.
    o = Browser(S)
    o.login("off-mol")
    page = o.get("/cases/%d" % cid)
    assert "หัวหน้าศูนย์ (sup-root)" in page.text
    o.page_csrf(page)
    assert o.post("/cases/%d/assign" % cid, {"assignee": "off-mol"}).status == 303
    page = o.get("/cases/%d" % cid)
    assert "เจ้าหน้าที่แรงงาน (off-mol)" in page.text
    assert "มอบหมายผู้รับผิดชอบ sup-root → off-mol" in page.text
    assert "เจ้าหน้าที่แรงงาน" in o.get("/cases").text
    assert o.post("/cases/%d/notes" % cid, {"note": "นัดสัมภาษณ์พยานวันจันทร์"}).status == 303
    assert o.post("/cases/%d/notes" % cid, {"note": ""}).status == 400
    r = S.post_json("/api/v1/cases/%d/notes" % cid, {"note": 7}, token=tok)
    assert r.status == 400 and r.json()["error"]["field"] == "note"
    assert "นัดสัมภาษณ์พยานวันจันทร์" in o.get("/cases/%d" % cid).text
    assert S.post_json("/api/v1/cases/%d/notes" % cid, {"note": "แอบเขียน"},
                       token=MOJ["Authorization"][7:]).status == 404
    assign(None, 200)
    assert S.get("/api/v1/cases/%d" % cid, headers=MOL).json()["assignee"] is None
    trail = S.get("/api/v1/audit?object=case:%d" % cid, headers=ROOT).json()["items"]
    assert [e["action"] for e in trail].count("case.assign") == 3


@test
def filters_narrow_the_list_and_refuse_nonsense():
    assert find(MOL, province="74")["total"] >= 1
    assert all(t["province"] == "74" for t in find(MOL, province="74")["items"] if "province" in t)
    assert find(MOL, province="10")["total"] == 0
    today = find(MOL)["items"][0]["received_on"]
    assert find(MOL, **{"from": today, "to": today})["total"] == find(MOL)["total"]
    assert find(MOL, to="2000-01-01")["total"] == 0
    in_case = find(MOL, status="in_case")["items"]   # tips that cases took up
    assert in_case and all(t["status"] == "in_case" for t in in_case)
    for k, v in (("status", "lost"), ("category", "x"), ("province", "99"), ("from", "2025-13-01"),
                 ("to", "yesterday"), ("from", "'; DROP TABLE tips; --")):
        r = S.get("/api/v1/tips?%s=%s" % (k, urllib.parse.quote(v)), headers=MOL)
        assert r.status == 400 and r.json()["error"]["field"] == k, (k, v, r)
    o = Browser(S)
    o.login("off-mol")
    page = o.get("/tips?province=74&status=new&from=" + today)
    assert page.status == 200
    assert re.search(r'<option value="74" selected>', page.text)
    assert re.search(r'<option value="new" selected>', page.text)
    y, m, d = (int(x) for x in today.split("-"))
    assert 'value="%d/%d/%d"' % (d, m, y + 543) in page.text   # shown back in BE
    r = S.get("/api/v1/cases?status=" + urllib.parse.quote("<x>"), headers=MOL)
    assert r.status == 400 and r.json()["error"]["field"] == "status"
    assert S.get("/api/v1/cases?status=closed", headers=MOL).status == 200
    # The page reads dates as people write them: BE, d/m/YYYY, Thai digits.
    y_be = y + 543
    for typed in ("%d/%d/%d" % (d, m, y_be), "%02d/%02d/%d" % (d, m, y), today,
                  "%d/%d/%d" % (d, m, y_be)):
        t = o.get("/tips?from=%s&to=%s" % (urllib.parse.quote(typed), urllib.parse.quote(typed)))
        assert t.status == 200, typed
        assert re.search(r'role="status">%d เรื่อง<' % find(MOL)["total"], t.text), typed
    # A day that does not exist is the field's error, tied to it.
    bad = o.get("/tips?from=31/4/2568")
    assert bad.status == 400
    assert 'aria-invalid="true"' in bad.text and 'id="from-error"' in bad.text
    assert 'aria-describedby="from-hint from-error"' in bad.text
    assert 'value="31/4/2568"' in bad.text                      # kept as typed
    assert 'href="#from"' in bad.text                           # the summary links to it


@test
def a_cursor_pages_the_list_without_repeats_and_the_total_holds():
    for i in range(3):
        file_tip(dict(TIP, subject="เรื่องที่ %d สำหรับหน้า" % i, identity=None))
    first = find(MOL, limit=2)
    total = first["total"]
    assert total >= 4 and len(first["items"]) == 2
    ids = [t["id"] for t in first["items"]]
    assert first["next_cursor"] == str(ids[-1])
    every = [t["id"] for t in find(MOL, limit=200)["items"]]
    assert len(every) == total
    cursor = first["next_cursor"]
    newer = file_tip()                    # filed between pages: newer than any cursor
    while cursor:
        page = find(MOL, limit=2, cursor=cursor)
        assert page["total"] == total + 1  # counts every match, whatever the cursor
        assert len(page["items"]) <= 2
        ids += [t["id"] for t in page["items"]]
        cursor = page["next_cursor"]
        assert cursor is None or cursor == str(ids[-1])
    assert ids == every                   # no repeat, no gap, newest first
    # offset still works as before, and agrees with the cursor.
    assert [t["id"] for t in find(MOL, limit=2, offset=3)["items"]] == \
        [t["id"] for t in find(MOL, limit=2, cursor=every[1])["items"]]
    # A search pages the same way.
    hits = find(MOL, q="ใต้โต๊ะ", limit=200)
    got, cursor = [], ""
    while True:
        page = find(MOL, q="ใต้โต๊ะ", limit=1, **({"cursor": cursor} if cursor else {}))
        assert page["total"] == hits["total"]
        got += [t["id"] for t in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert got == [t["id"] for t in hits["items"]] and len(got) == hits["total"] >= 4
    # A cursor of another unit's line shows nothing of it.
    assert all(t["unit"] != "mol-eyes" for t in find(MOJ, cursor=every[0] + 1000)["items"])
    for bad in ("abc", "-1", "0", "1.5", "9" * 30, "%E0%B8", "%27%3B--"):
        r = S.get("/api/v1/tips?cursor=" + bad, headers=MOL)
        assert r.status == 400 and r.json()["error"]["field"] == "cursor", (bad, r)
    # The page's "next" is a cursor form; following it shows the rest.
    o = Browser(S)
    o.login("off-mol")
    page = o.get("/tips?limit=2")
    assert page.status == 200
    m = re.search(r'<form method="get" action="/tips" class="inline" id="next">(.*?)</form>',
                  page.text, re.S)
    # (the list is now the tip filed between pages, then every.)
    assert m and 'name="cursor" value="%d"' % every[0] in m.group(1), page.text
    nxt = o.get("/tips?limit=2&cursor=%d&seen=2" % every[0])
    assert nxt.status == 200 and "3–4 / %d" % (total + 1) in nxt.text
    assert 'href="/tips/%d"' % every[1] in nxt.text and 'href="/tips/%d"' % every[0] not in nxt.text
    assert o.get("/tips?cursor=x").status == 400
    del newer
    # Cases page the same way (the tests above opened several).
    every_case = S.get("/api/v1/cases?limit=200", headers=MOL).json()
    assert every_case["total"] == len(every_case["items"]) >= 2
    got, cursor = [], None
    while True:
        page = S.get("/api/v1/cases?limit=1" + ("&cursor=" + cursor if cursor else ""),
                     headers=MOL).json()
        assert page["total"] == every_case["total"] and len(page["items"]) <= 1
        got += [c["id"] for c in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert got == [c["id"] for c in every_case["items"]]
    r = S.get("/api/v1/cases?cursor=-3", headers=MOL)
    assert r.status == 400 and r.json()["error"]["field"] == "cursor"
    assert S.get("/api/v1/cases", headers=MOJ).json()["total"] == 0
    first = o.get("/cases?limit=1")
    assert first.status == 200 and 'id="next"' in first.text


# Last, so that it sees everything the tests above wrote: tips, messages,
# officers' internal notes, case titles and notes.
@test
def a_copy_of_the_data_folder_reveals_no_tip():
    S.stop()
    try:
        for root, _, files in os.walk(S.dir):
            for name in files:
                with open(os.path.join(root, name), "rb") as fh:
                    data = fh.read()
                for w in SECRET_WORDS + ["ใบเสร็จปลอม", "ฮั้วประมูล", "ใต้โต๊ะ", "ผู้ถูกกล่าวหาเป็นญาติ",
                                         "นัดสัมภาษณ์พยาน", "คดีมอบหมาย"]:
                    assert w.encode() not in data, (name, w)
                assert RECEIPT.encode() not in data, name
    finally:
        S.start()


try:
    run()
finally:
    S.close()
