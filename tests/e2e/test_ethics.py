"""The ethics mission: a unit's code of conduct in versions, acknowledged
by members (one by one, ticked, or all with a count confirmation) and by
staff for themselves; a new version starts the count again and keeps the
old one; pledge ceremonies with signatories by organisation; exports; the
wrong role, bad input and hostile text; the demo (Interior's code
acknowledged by the Khon Kaen province ACOC's staff)."""

import io
import re
import zipfile

from sodtest import Browser, Server, run, test

S = Server(demo=True)
S.add_user("moi-coord", "coordinator", unit="moi")
S.add_user("p40-sup", "supervisor", unit="moi-p40")
S.add_user("p40-staff", "officer", unit="moi-p40", name="เจ้าหน้าที่ ขอนแก่น")
S.add_user("p40-watch", "monitor", unit="moi-p40")
S.add_user("kkn-coord", "coordinator", unit="kkn-net")
S.start()

MOI = {"Authorization": "Bearer " + S.token("moi-coord")}
SUP = {"Authorization": "Bearer " + S.token("p40-sup")}
STAFF = {"Authorization": "Bearer " + S.token("p40-staff")}
WATCH = {"Authorization": "Bearer " + S.token("p40-watch")}
KKN = {"Authorization": "Bearer " + S.token("kkn-coord")}


def status(unit="moi-p40", auth=SUP, show="all", limit=200):
    r = S.get("/api/v1/units/%s/conduct?show=%s&limit=%d" % (unit, show, limit), headers=auth)
    assert r.status == 200, r
    return r.json()


def ack(body, auth=SUP, unit="moi-p40"):
    return S.post_json("/api/v1/units/%s/conduct/acks" % unit, body, headers=auth)


def xlsx_text(body):
    z = zipfile.ZipFile(io.BytesIO(body))
    return "".join(z.read(n).decode() for n in z.namelist()
                   if n.startswith("xl/") and n.endswith(".xml"))


@test
def demo_code_acknowledged_by_province_staff():
    st = status()
    c = st["current"]
    assert c["unit"] == "moi" and c["version"] == 1, c
    assert "ประมวลจริยธรรม" in c["title"]
    k = st["counts"]
    assert k["members"] == 12 and k["members_acknowledged"] == 10, k
    assert st["waiting_members"] == 2
    waiting = status(show="waiting")["items"]
    assert len([w for w in waiting if w["kind"] == "person"]) == 2
    assert all(w["acknowledged_on"] is None for w in waiting)
    done = [w for w in status(show="acknowledged")["items"] if w["kind"] == "person"]
    assert len(done) == 10 and all(w["acknowledged_on"] == "2025-10-15" for w in done)
    # Interior's own page shows the version; every province inherits it.
    assert status("moi", MOI)["versions"][0]["version"] == 1
    assert status("moi-p10", MOI)["current"]["id"] == c["id"]


@test
def acknowledge_one_then_all_with_a_count():
    waiting = [w["id"] for w in status(show="waiting")["items"] if w["kind"] == "person"]
    assert len(waiting) == 2
    # One ticked member.
    r = ack({"version": 1, "people": [waiting[0]]})
    assert r.status == 200 and r.json()["recorded"] == 1, r
    assert status()["counts"]["members_acknowledged"] == 11
    # Twice is no error and keeps the first date.
    assert ack({"version": 1, "people": [waiting[0]]}).status == 200
    # A person who is not a member here: nobody of the batch is recorded.
    outsider = S.get("/api/v1/units/kkn-zone-1/members?limit=1", headers=KKN).json()["items"][0]
    r = ack({"version": 1, "people": [waiting[1], outsider["id"]]})
    assert r.status == 400 and r.json()["error"]["field"] == "people", r
    assert status()["counts"]["members_acknowledged"] == 11
    # All members at once: the count shown must still be the count waiting.
    r = ack({"version": 1, "all": True, "count": 5})
    assert r.status == 409, r
    e = r.json()["error"]
    assert e["code"] == "count_changed" and e["waiting"] == 1, e
    assert status()["counts"]["members_acknowledged"] == 11
    r = ack({"version": 1, "all": True, "count": 1})
    assert r.status == 200 and r.json()["recorded"] == 1, r
    k = status()["counts"]
    assert k["members_acknowledged"] == k["members"] == 12


@test
def staff_acknowledge_for_themselves():
    before = status()["counts"]["staff_acknowledged"]
    r = S.post_json("/api/v1/units/moi-p40/conduct/ack-self", {"version": 1}, headers=STAFF)
    assert r.status == 200, r
    st = status()
    assert st["counts"]["staff_acknowledged"] == before + 1
    me = [w for w in st["items"] if w["kind"] == "staff" or w["kind"] == "account"]
    assert any(w["name"] == "เจ้าหน้าที่ ขอนแก่น" and w["acknowledged_on"] for w in me), me
    # Staff of another subtree are not staff here.
    r = S.post_json("/api/v1/units/moi-p40/conduct/ack-self", {"version": 1}, headers=KKN)
    assert r.status == 403, r
    # Interior's coordinator is above, not in, the province's subtree.
    r = S.post_json("/api/v1/units/moi-p40/conduct/ack-self", {"version": 1}, headers=MOI)
    assert r.status == 403, r


@test
def wrong_role_and_bad_input():
    # A monitor reads the list but records nothing.
    assert status(auth=WATCH)["current"]["version"] >= 1
    r = ack({"version": 1, "all": True, "count": 0}, auth=WATCH)
    assert r.status == 403, r
    r = S.post_json("/api/v1/units/moi-p40/conduct", {"title": "x", "body_th": "y"},
                    headers=WATCH)
    assert r.status == 403, r
    # Another subtree sees nothing of it.
    assert S.get("/api/v1/units/moi-p40/conduct", headers=KKN).status == 403
    assert S.get("/api/v1/units/moi-p40/conduct").status == 401
    # Bad input.
    def pub(body):
        return S.post_json("/api/v1/units/moi/conduct", body, headers=MOI)
    r = pub({"title": "", "body_th": "ข้อ 1"})
    assert r.status == 400 and r.json()["error"]["field"] == "title", r
    r = pub({"title": "ก", "body_th": ""})
    assert r.status == 400 and r.json()["error"]["field"] == "body_th", r
    r = pub({"title": "ก", "body_th": "ข" * 20001})
    assert r.status == 400 and r.json()["error"]["field"] == "body_th", r
    r = pub({"title": 5, "body_th": "ข"})
    assert r.status == 400 and r.json()["error"]["field"] == "title", r
    r = pub({"title": "บรรทัด\nสอง", "body_th": "ข"})
    assert r.status == 400 and r.json()["error"]["field"] == "title", r
    r = S.request("POST", "/api/v1/units/moi/conduct", body=b'{"title":"\xff","body_th":"x"}',
                  headers=dict(MOI, **{"Content-Type": "application/json"}))
    assert r.status == 400, r
    r = S.request("POST", "/api/v1/units/moi/conduct", body=b'[1,2]',
                  headers=dict(MOI, **{"Content-Type": "application/json"}))
    assert r.status == 400, r
    assert ack({"version": "1", "people": [1]}).status == 400
    assert ack({"version": 1, "people": "1"}).status == 400
    assert ack({"version": 1, "people": []}).status == 400
    assert ack({"version": 1, "people": [0]}).status == 400
    assert status("moi", MOI)["versions"][0]["version"] == 1   # nothing published


@test
def new_version_resets_current_and_keeps_the_old():
    r = S.post_json("/api/v1/units/moi/conduct",
                    {"title": "ประมวลจริยธรรมข้าราชการกระทรวงมหาดไทย (ฉบับปรับปรุง)",
                     "body_th": "ข้อ 1 ซื่อสัตย์\nข้อ 2 โปร่งใส", "body_en": "1. Honest"},
                    headers=MOI)
    assert r.status == 201 and r.json()["version"] == 2, r
    st = status()
    assert st["current"]["version"] == 2
    k = st["counts"]
    assert k["members_acknowledged"] == 0 and k["staff_acknowledged"] == 0, k
    versions = status("moi", MOI)["versions"]
    assert [v["version"] for v in versions] == [2, 1]
    assert versions[1]["acknowledged"] >= 10     # the old acknowledgements stay
    # Acknowledging the old version now is refused plainly.
    r = ack({"version": 1, "all": True, "count": 12})
    assert r.status == 409 and r.json()["error"]["code"] == "conduct_changed", r
    r = ack({"version": 2, "all": True, "count": 12})
    assert r.status == 200, r
    # A province may have a code of its own: its own newest holds there.
    r = S.post_json("/api/v1/units/moi-p40/conduct", {"title": "ข้อตกลงจังหวัด",
                    "body_th": "ข้อ 1"}, headers=SUP)
    assert r.status == 201 and r.json()["version"] == 1, r
    assert status()["current"]["unit"] == "moi-p40"
    assert status("moi-p10", MOI)["current"]["unit"] == "moi"


@test
def page_forms_tick_all_and_export():
    b = Browser(S)
    b.login("p40-sup")
    page = b.get("/units/moi-p40/ethics")
    assert page.status == 200, page
    b.page_csrf(page)
    st = status()
    cur = st["current"]["version"]
    assert st["current"]["title"] in page.text
    ids = re.findall(r'name="person" value="(\d+)"', page.text)
    assert len(ids) == st["waiting_members"] > 0, (len(ids), st["waiting_members"])
    before = st["counts"]["members_acknowledged"]
    r = b.post("/units/moi-p40/conduct/acks", {"version": str(cur), "person": ids[0]})
    assert r.status == 303 and "done=conduct_acknowledged" in r.header("Location"), r
    assert status()["counts"]["members_acknowledged"] == before + 1
    page = b.get("/units/moi-p40/ethics")
    left = len(ids) - 1
    m = re.search(r'name="count" value="(\d+)"', page.text)
    assert left == 0 or (m and int(m.group(1)) == left), m
    if left:
        r = b.post("/units/moi-p40/conduct/acks", {"version": str(cur), "all": "1",
                                                   "count": str(left + 3), "confirm": "1"})
        assert r.status == 409, r
        r = b.post("/units/moi-p40/conduct/acks", {"version": str(cur), "all": "1",
                                                   "count": str(left), "confirm": "1"})
        assert r.status == 303, r
    k = status()["counts"]
    assert k["members_acknowledged"] == k["members"] == 12
    # A refused publish form comes back with what was typed and the message.
    r = b.post("/units/moi-p40/conduct", {"title": "", "body_th": "ข้อความยาวที่พิมพ์ไว้ <b>"})
    assert r.status == 400, r
    assert 'aria-invalid="true"' in r.text and "ข้อความยาวที่พิมพ์ไว้ &lt;b&gt;" in r.text
    assert status()["current"]["version"] == cur
    # Without CSRF: refused.
    r = b.post("/units/moi-p40/conduct/ack-self", {"version": str(cur)}, csrf=False)
    assert r.status == 403, r
    r = b.get("/units/moi-p40/ethics/acknowledgements.xlsx")
    assert r.status == 200 and r.body[:2] == b"PK", r
    text = xlsx_text(r.body)
    assert "acknowledged_on" in text and str(cur) in text
    names = [w["name"] for w in status()["items"] if w["kind"] == "person"]
    assert names and names[0] in text
    assert b.get("/units/moi-p40/ethics/acknowledgements.csv").status == 200
    assert b.get("/units/moi-p40/ethics/other.xlsx").status == 404


@test
def pledge_ceremony_signatories():
    r = S.get("/api/v1/units/moi/pledges", headers=MOI)
    assert r.status == 200, r
    items = r.json()["items"]
    assert len(items) == 1 and len(items[0]["signatories"]) == 5, items
    aid = items[0]["id"]
    orgs = {s["organisation"] for s in items[0]["signatories"]}
    assert "กรมการปกครอง" in orgs
    hostile = '<script>alert("x")</script> อบต.'
    r = S.post_json("/api/v1/activities/%d/signatories" % aid,
                    {"organisation": hostile, "signer": "นายทดสอบ ใจดี", "position": "นายก"},
                    headers=MOI)
    assert r.status == 201, r
    got = S.get("/api/v1/units/moi/pledges", headers=MOI).json()["items"][0]
    assert got["count"] == 6 and any(s["organisation"] == hostile for s in got["signatories"])
    # Wrong role, wrong activity, bad input.
    r = S.post_json("/api/v1/activities/%d/signatories" % aid,
                    {"organisation": "x", "signer": "y"}, headers=KKN)
    assert r.status == 403, r
    r = S.post_json("/api/v1/activities/%d/signatories" % aid, {"organisation": "", "signer": "y"},
                    headers=MOI)
    assert r.status == 400 and r.json()["error"]["field"] == "organisation", r
    r = S.post_json("/api/v1/activities/%d/signatories" % aid, {"organisation": "x", "signer": 3},
                    headers=MOI)
    assert r.status == 400, r
    assert S.post_json("/api/v1/activities/999999/signatories",
                       {"organisation": "x", "signer": "y"}, headers=MOI).status == 404
    ethics_act = S.post_json("/api/v1/units/moi/activities", {"kind": "ethics",
                             "title": "อบรมจริยธรรม", "held_on": "2026-01-10"}, headers=MOI)
    assert ethics_act.status == 201, ethics_act
    r = S.post_json("/api/v1/activities/%d/signatories" % ethics_act.json()["id"],
                    {"organisation": "x", "signer": "y"}, headers=MOI)
    assert r.status == 400 and r.json()["error"]["field"] == "activity", r
    # The page escapes, the export carries them.
    b = Browser(S)
    b.login("moi-coord")
    page = b.get("/units/moi/ethics")
    assert page.status == 200 and hostile not in page.text and "&lt;script&gt;" in page.text
    x = b.get("/units/moi/ethics/signatories.xlsx")
    assert x.status == 200 and "กรมการปกครอง" in xlsx_text(x.body)


@test
def stop_cleanly():
    assert S.stop() == 0


run()
