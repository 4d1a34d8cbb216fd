"""Budget requests: a club asks its parent ACOC (amounts as people type
them: Thai digits, separators, or refused with a Thai message), a
supervisor of the parent decides (anyone else: 403, the club's own
supervisor included), the club reports the spending with receipt files
(encrypted like evidence) and the activity it paid for, totals per fiscal
year per unit and activity kind, the XLSX export, the page, and the demo's
Justice club request."""

import io
import json
import os
import re
import zipfile

from sodtest import Browser, Server, raw, run, test

S = Server(demo=True)
S.add_user("amjl-coord", "coordinator", unit="moj-amjl")
S.add_user("amjl-sup", "supervisor", unit="moj-amjl")
S.add_user("moj-sup", "supervisor", unit="moj")
S.add_user("moj-officer", "officer", unit="moj")
S.add_user("mol-sup", "supervisor", unit="mol")
S.add_user("root-admin", "admin")
S.start()


def auth(name):
    return {"Authorization": "Bearer " + S.token(name)}


COORD, OWN_SUP, PARENT, OFFICER, OUTSIDE, ADMIN = (
    auth(n) for n in ["amjl-coord", "amjl-sup", "moj-sup", "moj-officer", "mol-sup",
                      "root-admin"])

REQ = {"title": "อบรมเครือข่ายต้านโกง", "purpose": "อบรมสมาชิกชมรมใหม่ 60 คน",
       "activity_kind": "training", "amount_baht": "๑๒,๕๐๐", "fiscal_year": 2569,
       "planned_on": "2026-01-15"}


def create(over=None, who=COORD, unit="moj-amjl"):
    body = dict(REQ)
    body.update(over or {})
    return S.post_json("/api/v1/units/%s/budget-requests" % unit, body, headers=who)


def get(i, who=PARENT):
    r = S.get("/api/v1/budget-requests/%d" % i, headers=who)
    assert r.status == 200, r
    return r.json()


def decide(i, body, who=PARENT):
    return S.post_json("/api/v1/budget-requests/%d/decision" % i, body, headers=who)


def multipart(parts):
    boundary = "----sodsongbudget7"
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


def report(i, obj, files=(), who=COORD):
    parts = [("report", None, "application/json", json.dumps(obj).encode())]
    parts += [("file", name, "application/pdf", data) for name, data in files]
    body, ct = multipart(parts)
    return S.request("POST", "/api/v1/budget-requests/%d/report" % i, body=body,
                     headers={**who, "Content-Type": ct})


PDF = b"%PDF-1.4\n% receipt\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@test
def amounts_with_thai_digits_and_separators_parse():
    for typed, satang in [("๑๒,๕๐๐", 1250000), ("12,500.50", 1250050), (12500.5, 1250050),
                          (800, 80000), ("1,234,567", 123456700), ("๙๙.๕๐ บาท", 9950)]:
        r = create({"amount_baht": typed})
        assert r.status == 201, (typed, r)
        assert get(r.json()["id"])["amount_satang"] == satang, typed


@test
def amounts_that_are_not_amounts_are_refused_clearly():
    for typed, key in [("12,50", "จำนวนเงินต้องเป็นตัวเลขบาท"), ("1,2345", "จำนวนเงินต้องเป็นตัวเลขบาท"),
                       ("หนึ่งหมื่น", "จำนวนเงินต้องเป็นตัวเลขบาท"), ("12.505", "ทศนิยม"),
                       (12.505, "ทศนิยม"), ("-5", "จำนวนเงินต้องอยู่ระหว่าง"), (-5, "จำนวนเงินต้องอยู่ระหว่าง"),
                       ("9" * 30, "จำนวนเงินต้องอยู่ระหว่าง"), ("", "")]:
        r = create({"amount_baht": typed})
        assert r.status == 400, (typed, r)
        e = r.json()["error"]
        assert e["field"] == "amount_baht" and key in e["message"], (typed, e)
    for typed in [True, [1], {"baht": 1}]:
        r = create({"amount_baht": typed})
        assert r.status == 400 and r.json()["error"]["code"] == "wrong_type", (typed, r)
    r = create({"amount_baht": "0"})
    assert r.status == 400 and r.json()["error"]["field"] == "amount_baht"
    en = S.post_json("/api/v1/units/moj-amjl/budget-requests", {**REQ, "amount_baht": "12,50"},
                     headers={**COORD, "Accept-Language": "en"})
    assert "1,500.50" in en.json()["error"]["message"], en


@test
def bad_input_is_refused_and_changes_nothing():
    before = len(S.get("/api/v1/units/moj-amjl/budget-requests", headers=COORD).json()["items"])
    cases = [({"title": ""}, "title"), ({"title": "ก" * 201}, "title"),
             ({"title": 5}, "title"), ({"purpose": None}, "purpose"),
             ({"activity_kind": "party"}, "activity_kind"), ({"fiscal_year": "2569"}, "fiscal_year"),
             ({"planned_on": "15/01/2569"}, "planned_on"),
             ({"lines": [{"item": "ป้าย", "quantity": 2, "unit_price_baht": "1,000"}]}, "lines"),
             ({"lines": "many"}, "lines"),
             ({"lines": [{"item": "ป้าย", "quantity": 0, "unit_price_baht": "1"}]}, "lines"),
             ({"lines": [{"item": "x", "quantity": 1, "unit_price_baht": "1"}] * 51}, "lines")]
    for over, field in cases:
        r = create(over)
        assert r.status == 400 and r.json()["error"]["field"] == field, (over, r)
    for body in [b"{", b"[]", b'{"title": "\xff\xfe"}', b"null"]:
        r = S.post_json("/api/v1/units/moj-amjl/budget-requests", body, headers=COORD)
        assert r.status == 400, (body, r)
    big = json.dumps({**REQ, "purpose": "x" * (2 << 20)}).encode()
    head = ("POST /api/v1/units/moj-amjl/budget-requests HTTP/1.1\r\nHost: x\r\n"
            "Content-Type: application/json\r\nAuthorization: %s\r\nContent-Length: %d\r\n\r\n"
            % (COORD["Authorization"], len(big))).encode()
    out = raw(S.port, head + big[:65536], shutdown=False)
    assert out.startswith(b"HTTP/1.1 413"), out[:200]
    # Who may ask: the club's coordinator or supervisor, not an officer of the parent.
    assert create(who=OFFICER).status == 403
    assert create(who=OUTSIDE).status == 403
    assert S.post_json("/api/v1/units/moj-amjl/budget-requests", REQ).status == 401
    assert create(unit="no-such").status == 404
    after = len(S.get("/api/v1/units/moj-amjl/budget-requests", headers=COORD).json()["items"])
    assert after == before, (before, after)


@test
def lines_that_add_up_are_kept():
    r = create({"amount_baht": "3,500", "lines": [
        {"item": "ป้ายไวนิล", "quantity": 2, "unit_price_baht": "1,000"},
        {"item": "อาหารว่าง", "quantity": 60, "unit_price_baht": 25}]})
    assert r.status == 201, r
    got = get(r.json()["id"])
    assert [l["item"] for l in got["lines"]] == ["ป้ายไวนิล", "อาหารว่าง"]
    assert got["lines"][1]["unit_price_baht"] == "25.00"


@test
def only_a_supervisor_of_the_parent_decides():
    i = create().json()["id"]
    for who in [OWN_SUP, OUTSIDE, OFFICER, COORD, ADMIN]:
        r = decide(i, {"decision": "approved", "note": "ok"}, who=who)
        assert r.status == 403, r
    assert S.post_json("/api/v1/budget-requests/%d/decision" % i, {"decision": "approved"}).status == 401
    assert get(i)["status"] == "pending"
    for body, field in [({"decision": "partly", "amount_baht": "20,000"}, "amount_baht"),
                        ({"decision": "partly"}, "amount_baht"),
                        ({"decision": "partly", "amount_baht": "abc"}, "amount_baht"),
                        ({"decision": "approved", "amount_baht": 100}, "amount_baht"),
                        ({"decision": "rejected"}, "note"),
                        ({"decision": "maybe"}, "decision"),
                        ({"decision": 1}, "decision")]:
        r = decide(i, body)
        assert r.status == 400 and r.json()["error"]["field"] == field, (body, r)
    assert get(i)["status"] == "pending"
    r = decide(i, {"decision": "partly", "amount_baht": "๑๐,๐๐๐", "note": "ตัดค่าอาหาร"})
    assert r.status == 200, r
    got = get(i, who=COORD)
    assert got["status"] == "partly" and got["approved_baht"] == "10,000.00"
    assert decide(i, {"decision": "approved"}).status == 409
    j = create().json()["id"]
    assert decide(j, {"decision": "rejected", "note": "งบหมดแล้ว"}).status == 200
    assert get(j)["decision_note"] == "งบหมดแล้ว"
    audit = S.get("/api/v1/audit?object=budget_request:%d" % i, headers=OWN_SUP).json()
    assert [e["action"] for e in audit["items"]].count("budget.decide") == 1


@test
def spending_is_reported_with_receipts_and_the_activity():
    i = create({"amount_baht": "5,000", "activity_kind": "anti_corruption_day"}).json()["id"]
    assert report(i, {"spent_baht": "4,000"}).status == 409   # not decided yet
    assert decide(i, {"decision": "approved"}).status == 200
    act = S.post_json("/api/v1/units/moj-amjl/activities",
                      {"kind": "anti_corruption_day", "title": "เดินรณรงค์", "held_on": "2025-12-09",
                       "audience": 80}, headers=COORD)
    assert act.status == 201, act
    other = S.post_json("/api/v1/units/mol/activities",
                        {"kind": "talk", "title": "บรรยาย", "held_on": "2025-12-01",
                         "audience": 10}, headers=OUTSIDE)
    assert other.status == 201, other
    r = report(i, {"spent_baht": "4,870.50", "activity": other.json()["id"]},
               [("ใบเสร็จ.pdf", PDF)])
    assert r.status == 400 and r.json()["error"]["field"] == "activity", r
    assert report(i, {"spent_baht": "4,870.50"}, who=OFFICER).status == 403
    assert report(i, {"spent_baht": "4,870.50"}, who=OUTSIDE).status == 404
    assert report(i, {"spent_baht": "๔,๘๗๐.๕๐x"}).status == 400
    files_before = sum(len(f) for _, _, f in os.walk(os.path.join(S.dir, "files")))
    r = report(i, {"spent_baht": "๔,๘๗๐.๕๐", "note": "เหลือคืน", "activity": act.json()["id"]},
               [("ใบเสร็จ-ป้าย<script>.pdf", PDF), ("ใบเสร็จ-อาหาร.pdf", PDF)])
    assert r.status == 200 and r.json()["receipts"] == 2, r
    got = get(i)
    assert got["spent_baht"] == "4,870.50" and got["reported_on"] and got["activity"] == act.json()["id"]
    assert [x["name"] for x in got["receipts"]] == ["ใบเสร็จ-ป้าย<script>.pdf", "ใบเสร็จ-อาหาร.pdf"]
    assert all(x["type"] == "application/pdf" for x in got["receipts"])
    files = [os.path.join(d, f) for d, _, fs in os.walk(os.path.join(S.dir, "files")) for f in fs]
    assert len(files) == files_before + 2
    for f in files:  # stored encrypted, like tip evidence
        assert b"%PDF" not in open(f, "rb").read()
    assert report(i, {"spent_baht": "1"}).status == 409


@test
def totals_per_year_unit_and_kind_and_the_xlsx():
    r = S.get("/api/v1/units/moj/budget-requests?year=2569", headers=PARENT)
    assert r.status == 200, r
    totals = r.json()["totals"]
    acd = [t for t in totals if t["unit"] == "moj-amjl" and t["activity_kind"] == "anti_corruption_day"]
    assert acd and acd[0]["requests"] >= 2, totals
    assert S.get("/api/v1/units/moj/budget-requests?year=2569", headers=OUTSIDE).status == 403
    assert S.get("/api/v1/units/moj/budget-requests?year=abc", headers=PARENT).status == 400
    x = S.get("/units/moj/budget.xlsx?year=2569", headers=PARENT)
    assert x.status == 200 and x.body[:2] == b"PK", x
    z = zipfile.ZipFile(io.BytesIO(x.body))
    text = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
    assert "moj-amjl" in text and "วันต่อต้านคอร์รัปชันสากล" in text
    assert S.get("/units/moj/budget.xlsx?year=2569", headers=OUTSIDE).status == 403


@test
def the_page_asks_and_decides_without_script():
    c = Browser(S)
    c.login("amjl-coord")
    p = c.get("/units/moj-amjl/budget")
    assert p.status == 200 and 'action="/units/moj-amjl/budget-requests"' in p.text, p
    c.page_csrf(p)
    r = c.post("/units/moj-amjl/budget-requests", {
        "title": "ค่ายเยาวชนต้านโกง", "purpose": "ค่าย 2 วัน", "activity_kind": "training",
        "amount_baht": "๒๐,๐๐๐", "fiscal_year": "2569", "planned_on": "20/3/2569"})
    assert r.status == 303, r
    items = S.get("/api/v1/units/moj-amjl/budget-requests", headers=COORD).json()["items"]
    new = [x for x in items if x["title"] == "ค่ายเยาวชนต้านโกง"][0]
    assert new["planned_on"] == "2026-03-20" and new["amount_satang"] == 2000000
    s = Browser(S)
    s.login("moj-sup")
    p = s.get("/units/moj/budget?year=2569")
    assert p.status == 200 and 'action="/budget-requests/%d/decision"' % new["id"] in p.text
    s.page_csrf(p)
    r = s.post("/budget-requests/%d/decision" % new["id"], {"decision": "approved", "note": ""})
    assert r.status == 303, r
    assert get(new["id"])["status"] == "approved"
    # The club reports the spending from its page, with a receipt file.
    p = c.get("/units/moj-amjl/budget?year=2569")
    assert 'action="/budget-requests/%d/report"' % new["id"] in p.text, p.text[-3000:]
    c.page_csrf(p)
    body, ct = multipart([("csrf", None, None, c.csrf.encode()),
                          ("spent_baht", None, None, "๑๙,๕๐๐".encode()),
                          ("note", None, None, "ค่ายจบแล้ว".encode()),
                          ("file", "ใบเสร็จค่าย.pdf", "application/pdf", PDF)])
    r = c._keep(S.request("POST", "/budget-requests/%d/report" % new["id"], body=body,
                          headers=c._headers({"Content-Type": ct})))
    assert r.status == 303, r
    got = get(new["id"])
    assert got["spent_baht"] == "19,500.00" and [x["name"] for x in got["receipts"]] == ["ใบเสร็จค่าย.pdf"]
    own = Browser(S)
    own.login("amjl-sup")
    p = own.get("/units/moj-amjl/budget?year=2569")
    assert "/decision" not in p.text   # the club's own supervisor decides nothing


@test
def demo_justice_club_anti_corruption_day():
    items = S.get("/api/v1/units/moj-amjl/budget-requests?year=2569", headers=COORD).json()["items"]
    demo = [x for x in items if x["title"].startswith("โครงการวันต่อต้านคอร์รัปชันสากล")]
    assert len(demo) == 1, items
    got = get(demo[0]["id"])
    assert got["parent"] == "moj" and got["status"] == "approved"
    assert got["amount_baht"] == "35,000.00" and got["spent_baht"] == "33,870.00"
    assert len(got["receipts"]) == 2 and got["activity"] and len(got["lines"]) == 4


run()
