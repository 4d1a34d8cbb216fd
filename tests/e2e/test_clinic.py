"""The governance clinic: the public request form (no account, JavaScript
off, the protections of /report), the reference that reads the answer
back (and nothing else does), clinic officers' workflow with mobile clinic
days and audited reads of who asked, the published questions, the
consultations KPI, and the demo's PACC Region 7 clinic."""

import http.client
import itertools
import json
import re

from sodtest import Response

from sodtest import Browser, Server, run, test

S = Server(demo=True)
S.add_user("r7-clinic", "clinic", unit="pacc-r7")
S.add_user("r7-officer", "officer", unit="pacc-r7")
S.add_user("r7-sup", "supervisor", unit="pacc-r7")
S.add_user("moj-clinic", "clinic", unit="moj")
S.start()

CLINIC = {"Authorization": "Bearer " + S.token("r7-clinic")}
OFFICER = {"Authorization": "Bearer " + S.token("r7-officer")}
OTHER = {"Authorization": "Bearer " + S.token("moj-clinic")}
SUP = {"Authorization": "Bearer " + S.token("r7-sup")}

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"'


def form_page(b, path="/clinic?to=pacc-r7"):
    r = b.get(path)
    assert r.status == 200, r
    b.page_csrf(r)
    return r


def ask(b=None, **over):
    b = b or Browser(S)
    form_page(b)
    fields = {"to": "pacc-r7", "agency": "องค์การบริหารส่วนตำบลนาดี",
              "contact": "นายทดสอบ ระบบ 081-000-0000", "topic": "procurement",
              "question": "จะจัดซื้อครุภัณฑ์ 300,000 บาท ต้องใช้วิธีใด", "way": "on_site",
              "district": "7401"}
    fields.update(over)
    return b.post("/clinic", fields)


def reference_of(r):
    m = re.search(r'<code id="reference">([0-9A-Z-]+)</code>', r.text)
    assert m, r.text[:2000]
    return m.group(1)


_sources = itertools.count(1)


def answer(ref, source=None):
    """POST /api/v1/clinic/answer from its own loopback address (127.0.1.N),
    so that the per-address limit of one test does not bear on another."""
    n = next(_sources)
    src = source or "127.0.%d.%d" % (1 + n // 250, 1 + n % 250)
    c = http.client.HTTPConnection("127.0.0.1", S.port, timeout=30, source_address=(src, 0))
    try:
        body = ref if isinstance(ref, bytes) else json.dumps({"reference": ref})
        c.request("POST", "/api/v1/clinic/answer", body=body,
                  headers={"Content-Type": "application/json"})
        r = c.getresponse()
        return Response(r.status, r.getheaders(), r.read())
    finally:
        c.close()


@test
def form_is_public_says_what_a_consultation_is_and_works_without_script():
    r = S.get("/clinic?to=pacc-r7")
    assert r.status == 200, r
    t = r.text
    # The promise on the form: not an accusation, apart from tips, who sees.
    assert "ไม่ใช่การกล่าวหา" in t and "แยกจากเรื่องแจ้งเบาะแส" in t, t
    assert "เห็นได้เฉพาะเจ้าหน้าที่คลินิก" in t
    assert '<form method="post" action="/clinic"' in t
    # ?to= chose the clinic; the choice is grouped without script.
    assert re.search(r'<option value="pacc-r7" selected>', t), t
    assert "<optgroup" in t
    en = S.get("/clinic?lang=en")
    assert "not an accusation" in en.text


@test
def request_gives_a_reference_and_the_answer_reads_back():
    r = ask(question="คำถามทดสอบการอ่านคำตอบ")
    assert r.status == 201, r
    ref = reference_of(r)
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", ref), ref
    a = answer(ref)
    assert a.status == 200, a
    got = a.json()
    assert got["status"] == "new" and got["question"] == "คำถามทดสอบการอ่านคำตอบ"
    # Who asked never comes back to the reference.
    assert "นาดี" not in a.text and "081" not in a.text
    # Typed back as people do: lower case, no dashes, spaces.
    a2 = answer(" " + ref.replace("-", " ").lower() + " ")
    assert a2.status == 200 and a2.json()["question"] == got["question"]
    # The page way, with JavaScript off.
    b = Browser(S)
    p = b.get("/clinic/answer")
    b.page_csrf(p)
    page = b.post("/clinic/answer", {"reference": ref})
    assert page.status == 200 and "คำถามทดสอบการอ่านคำตอบ" in page.text, page


@test
def hostile_text_is_escaped_everywhere_it_shows():
    r = ask(agency=HOSTILE, contact=HOSTILE, question=HOSTILE)
    assert r.status == 201, r
    ref = reference_of(r)
    b = Browser(S)
    p = b.get("/clinic/answer")
    b.page_csrf(p)
    page = b.post("/clinic/answer", {"reference": ref})
    assert "<script>alert" not in page.text and "&lt;script&gt;" in page.text, page.text
    # The officer's page shows it escaped too.
    items = S.get("/api/v1/units/pacc-r7/consultations?limit=200", headers=CLINIC).json()["items"]
    cid = [i["id"] for i in items if i["question"] == HOSTILE][0]
    o = Browser(S)
    o.login("r7-clinic")
    page = o.get("/clinic/requests/%d" % cid)
    assert page.status == 200, page
    assert "<img src=x" not in page.text and "&lt;img src=x" in page.text


@test
def wrong_references_and_other_people_cannot_read():
    r = ask(question="ของคนอื่นห้ามอ่าน")
    ref = reference_of(r)
    for bad in ["", "AAAA-AAAA-AAAA", ref[:-1], ref + "0", "0000000000000000",
                "\u0e51" * 12, "' OR 1=1 --", "x" * 5000]:
        a = answer(bad)
        assert a.status == 401, (bad[:20], a)
        assert "ของคนอื่น" not in a.text
    assert answer(123).status == 400
    assert answer(b"{not json").status == 400
    # An officer of the tip unit (not a clinic officer) sees no consultation.
    assert S.get("/api/v1/units/pacc-r7/consultations", headers=OFFICER).status == 403
    # Another clinic's officer: not in their list, and one request is 404.
    assert S.get("/api/v1/units/pacc-r7/consultations", headers=OTHER).status == 403
    mine = S.get("/api/v1/units/pacc-r7/consultations?limit=200", headers=CLINIC).json()
    cid = [i["id"] for i in mine["items"] if i["question"] == "ของคนอื่นห้ามอ่าน"][0]
    assert S.get("/api/v1/consultations/%d" % cid, headers=OTHER).status == 404
    assert S.get("/api/v1/consultations/%d" % cid, headers=OFFICER).status == 403
    assert S.get("/api/v1/consultations/%d" % cid, headers=SUP).status == 403
    assert S.get("/api/v1/consultations/%d" % cid).status == 401
    # The list itself carries no requester.
    assert "requester" not in mine["items"][0]


@test
def references_typed_are_rate_limited_per_address():
    hits = [answer("ZZZZ-ZZZZ-%04d" % i, source="127.0.9.9").status for i in range(25)]
    assert hits[:20] == [401] * 20 and hits[20:] == [429] * 5, hits
    # Another address is not held back by it.
    assert answer("ZZZZ-ZZZZ-0000").status == 401


@test
def bad_input_is_refused_with_each_field_named_and_changes_nothing():
    before = S.get("/api/v1/units/pacc-r7/consultations", headers=CLINIC).json()["total"]
    cases = [
        ({"agency": ""}, "agency"),
        ({"contact": ""}, "contact"),
        ({"question": ""}, "question"),
        ({"question": "ก" * 5001}, "question"),
        ({"topic": "bribery"}, "topic"),
        ({"way": "fax"}, "way"),
        ({"district": "9999"}, "district"),
        ({"to": "moj-amjl"}, "to"),
        ({"to": "no-such-unit"}, "to"),
    ]
    for over, field in cases:
        r = ask(**over)
        assert r.status == 400, (over, r)
        assert 'id="%s-error"' % field in r.text, (over, r.text[:3000])
    # What was typed comes back.
    r = ask(question="", agency="เทศบาลที่พิมพ์ไว้")
    assert 'value="เทศบาลที่พิมพ์ไว้"' in r.text
    # A control character, and malformed UTF-8, in the form body.
    r = ask(agency="a\x01b")
    assert r.status == 400, r
    b = Browser(S)
    form_page(b)
    body = ("csrf=%s&to=pacc-r7&agency=%%ff%%fe&contact=x&topic=other&question=q&way=phone"
            % b.csrf)
    r = S.request("POST", "/clinic", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": "sod_pre=" + b.csrf})
    assert r.status == 400, r
    # No CSRF token: refused.
    r = S.request("POST", "/clinic", body="to=pacc-r7&agency=a&contact=b&topic=other&question=q&way=phone",
                  headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status == 403, r
    after = S.get("/api/v1/units/pacc-r7/consultations", headers=CLINIC).json()["total"]
    assert after == before, (before, after)


@test
def a_staff_session_is_not_honoured_on_the_public_form():
    b = Browser(S)
    b.login("r7-clinic")
    r = b.get("/clinic")
    assert r.status == 200
    # The public page does not know who is signed in (no staff menu).
    assert "/clinic/requests" not in r.text and "/logout" not in r.text


@test
def officer_schedules_advises_follows_up_and_closes_each_audited():
    ref = reference_of(ask(question="ขอคำแนะนำเรื่องราคากลาง"))
    lst = S.get("/api/v1/units/pacc-r7/consultations?status=new&limit=200", headers=CLINIC).json()
    cid = [i["id"] for i in lst["items"] if i["question"] == "ขอคำแนะนำเรื่องราคากลาง"][0]
    one = S.get("/api/v1/consultations/%d" % cid, headers=CLINIC)
    assert one.status == 200 and one.json()["requester"]["agency"] == "องค์การบริหารส่วนตำบลนาดี"
    r = S.post_json("/api/v1/consultations/%d/schedule" % cid,
                    {"on": "2026-12-10", "venue": "office"}, headers=CLINIC)
    assert r.status == 200, r
    assert answer(ref).json()["status"] == "scheduled"
    assert answer(ref).json()["scheduled_on"] == "2026-12-10"
    # Bad input changes nothing.
    for body, field in [({"on": "2026-13-40", "venue": "office"}, "on"),
                        ({"on": "2026-12-10", "venue": "castle"}, "venue"),
                        ({"on": 5, "venue": "office"}, "on")]:
        r = S.post_json("/api/v1/consultations/%d/schedule" % cid, body, headers=CLINIC)
        assert r.status == 400 and r.json()["error"]["field"] == field, (body, r)
    r = S.post_json("/api/v1/consultations/%d/advice" % cid, {"advice": ""}, headers=CLINIC)
    assert r.status == 400 and r.json()["error"]["field"] == "advice"
    r = S.post_json("/api/v1/consultations/%d/advice" % cid,
                    {"advice": "ใช้ราคากลางตามประกาศคณะกรรมการราคากลาง",
                     "documents": "ระเบียบกระทรวงการคลังฯ 2560 ข้อ 21"}, headers=CLINIC)
    assert r.status == 200, r
    got = answer(ref).json()
    assert got["status"] == "answered" and "ราคากลาง" in got["advice"]
    assert "ข้อ 21" in got["documents"] and got["answered_on"]
    assert S.post_json("/api/v1/consultations/%d/follow-up" % cid, {"note": "โทรติดตามแล้ว"},
                       headers=CLINIC).status == 200
    # Other people cannot act on it.
    assert S.post_json("/api/v1/consultations/%d/close" % cid, {}, headers=OTHER).status == 404
    assert S.post_json("/api/v1/consultations/%d/close" % cid, {}, headers=OFFICER).status == 403
    assert S.post_json("/api/v1/consultations/%d/close" % cid, {}, headers=CLINIC).status == 200
    assert S.post_json("/api/v1/consultations/%d/advice" % cid, {"advice": "x"},
                       headers=CLINIC).status == 409
    audit = S.get("/api/v1/audit?object=consultation:%d" % cid, headers=SUP)
    assert audit.status == 200, audit
    actions = [e["action"] for e in audit.json()["items"]]
    for a in ["consultation.requester_read", "consultation.schedule", "consultation.advise",
              "consultation.follow_up", "consultation.close"]:
        assert a in actions, (a, actions)


@test
def every_read_of_who_asked_is_audited():
    lst = S.get("/api/v1/units/pacc-r7/consultations?limit=1", headers=CLINIC).json()
    cid = lst["items"][0]["id"]

    def reads():
        a = S.get("/api/v1/audit?object=consultation:%d&limit=200" % cid, headers=SUP).json()
        return sum(1 for e in a["items"] if e["action"] == "consultation.requester_read")

    n = reads()
    S.get("/api/v1/consultations/%d" % cid, headers=CLINIC)
    b = Browser(S)
    b.login("r7-clinic")
    assert b.get("/clinic/requests/%d" % cid).status == 200
    assert reads() == n + 2


@test
def a_mobile_clinic_day_groups_requests_of_one_district():
    ids = []
    refs = []
    for i in range(3):
        r = ask(question="คลินิกเคลื่อนที่ %d" % i, district="7403", way="mobile_clinic")
        refs.append(reference_of(r))
    lst = S.get("/api/v1/units/pacc-r7/consultations?limit=200", headers=CLINIC).json()["items"]
    ids = [i["id"] for i in lst if i["question"].startswith("คลินิกเคลื่อนที่ ")]
    other = [i["id"] for i in lst if i["district"] == "7401" and i["status"] == "new"][0]
    # One of another district cannot join.
    r = S.post_json("/api/v1/units/pacc-r7/clinic-days",
                    {"day": "2026-12-15", "district": "7403", "place": "ที่ว่าการอำเภอบ้านแพ้ว",
                     "consultations": ids + [other]}, headers=CLINIC)
    assert r.status == 400 and r.json()["error"]["field"] == "consultations", r
    r = S.post_json("/api/v1/units/pacc-r7/clinic-days",
                    {"day": "2026-12-15", "district": "7403", "place": "ที่ว่าการอำเภอบ้านแพ้ว",
                     "consultations": ids}, headers=CLINIC)
    assert r.status == 201, r
    for ref in refs:
        got = answer(ref).json()
        assert got["status"] == "scheduled" and got["venue"] == "mobile"
        assert got["scheduled_on"] == "2026-12-15"
    assert S.post_json("/api/v1/units/pacc-r7/clinic-days", {"day": "x", "district": "7403"},
                       headers=CLINIC).status == 400
    assert S.post_json("/api/v1/units/pacc-r7/clinic-days", {"day": "2026-12-15",
                       "district": "7403", "consultations": "1"}, headers=CLINIC).status == 400
    assert S.post_json("/api/v1/units/pacc-r7/clinic-days", {"day": "2026-12-15",
                       "district": "7403"}, headers=OTHER).status == 403


@test
def officer_pages_work_without_script():
    b = Browser(S)
    b.login("r7-clinic")
    r = b.get("/clinic/requests")
    assert r.status == 200 and 'id="requests"' in r.text, r
    r = b.get("/clinic/requests?status=answered")
    assert r.status == 200
    b.page_csrf(r)
    r = b.post("/clinic/faq", {"unit": "pacc-r7", "faq_topic": "ethics",
                               "faq_question": "รับของขวัญปีใหม่ได้เท่าใด",
                               "faq_answer": "ไม่เกิน 3,000 บาทต่อโอกาส ตามประกาศ ป.ป.ช."})
    assert r.status == 303, r
    faq = S.get("/clinic/pacc-r7/faq")
    assert faq.status == 200 and "รับของขวัญปีใหม่ได้เท่าใด" in faq.text
    assert S.get("/clinic/moj-amjl/faq").status == 404
    # Not a clinic officer: no page.
    o = Browser(S)
    o.login("r7-officer")
    assert o.get("/clinic/requests").status == 403


@test
def demo_clinic_of_pacc_r7():
    a = answer("SKSA-0000-0001").json()
    assert a["status"] == "answered" and "e-bidding" in a["advice"]
    assert answer("sksa00000002").json()["venue"] == "mobile"
    lst = S.get("/api/v1/units/pacc-r7/consultations?limit=200", headers=CLINIC).json()["items"]
    demo = [i for i in lst if i["received_on"] < "2026-12-01" and i["district"] and
            i["district"].startswith("74")]
    assert {i["status"] for i in demo} >= {"answered", "scheduled", "new"}
    faq = S.get("/clinic/pacc-r7/faq").text
    assert "แบ่งจ้าง" in faq


@test
def consultations_count_as_a_kpi():
    r = S.post_json("/api/v1/units/pacc-r7/clinic", {}, headers=SUP)
    assert r.status == 200, r
    b = Browser(S)
    b.login("r7-sup")
    r = b.get("/units/pacc-r7/results?year=2570")
    b.page_csrf(r)
    r = b.post("/units/pacc-r7/kpis", {"year": "2570", "code": "consultations",
                                       "name_th": "คำขอคำปรึกษาคลินิก", "metric": "consultations",
                                       "target": "10"})
    assert r.status in (200, 303), r
    k = S.get("/api/v1/units/pacc-r7/kpis?year=2570", headers=SUP).json()["items"]
    mine = [x for x in k if x["id"] == "consultations"]
    assert mine and mine[0]["by_quarter"][0] >= 5, k
    # Opening a clinic needs a supervisor or admin of the unit.
    assert S.post_json("/api/v1/units/pacc-r7/clinic", {}, headers=OFFICER).status == 403


run()
