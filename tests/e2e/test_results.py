"""Results: activities recorded three ways, KPIs with targets and progress,
publishing (nothing public before a supervisor publishes an ended quarter),
the public page and its open data (small counts suppressed), and the
quarterly report as PDF (read back with pdftotext) and XLSX (cells read
back), through the server and the CLI."""

import datetime
import json
import os
import re
import subprocess
import tempfile
import zipfile
import io
import urllib.parse

from sodtest import Browser, Server, run, run_cli, test

S = Server(demo=True)
S.add_user("kkn-coord", "coordinator", unit="kkn-net")
S.add_user("kkn-sup", "supervisor", unit="kkn-net")
S.add_user("kkn-watch", "monitor", unit="kkn-net")
S.add_user("mol-coord", "coordinator", unit="mol-eyes")

# Three tips to kkn-net on 10 February 2026 (2569-q2): a count to suppress.
FEB = int(datetime.datetime(2026, 2, 10, 10, 0, tzinfo=datetime.timezone.utc).timestamp())
S.start(env={"SOD_TEST_NOW": str(FEB)})
for i in range(3):
    r = S.post_json("/api/v1/tips", {"unit": "kkn-net", "category": "procurement",
                                     "subject": "ถนนชำรุดหลังส่งมอบ %d" % i,
                                     "description": "ผู้รับเหมาทิ้งงาน"})
    assert r.status == 201, r
S.stop()
S.start()

KKN = {"Authorization": "Bearer " + S.token("kkn-coord")}
SUP = {"Authorization": "Bearer " + S.token("kkn-sup")}
WATCH = {"Authorization": "Bearer " + S.token("kkn-watch")}
MOL = {"Authorization": "Bearer " + S.token("mol-coord")}


def members(code, auth, limit=5):
    r = S.get("/api/v1/units/%s/members?limit=%d" % (code, limit), headers=auth)
    assert r.status == 200, r
    return r.json()["items"]


def activity(body, auth=KKN, unit="kkn-net"):
    return S.post_json("/api/v1/units/%s/activities" % unit, body, headers=auth)


def kpis(code, year, auth):
    r = S.get("/api/v1/units/%s/kpis?year=%d" % (code, year), headers=auth)
    assert r.status == 200, r
    return {k["id"]: k for k in r.json()["items"]}


@test
def demo_kpis_of_labour_eyes():
    k = kpis("mol-eyes", 2569, MOL)
    assert {"people_reached", "multipliers_trained", "sessions_given",
            "tips_passed_on"} <= set(k)
    for item in k.values():
        assert len(item["by_quarter"]) == 4
        assert all(isinstance(v, int) for v in item["by_quarter"])
        assert item["actual"] == sum(item["by_quarter"])
    assert k["sessions_given"]["by_quarter"] == [8, 10, 10, 12]
    assert k["multipliers_trained"]["by_quarter"] == [20, 0, 0, 0]
    assert k["tips_passed_on"]["by_quarter"] == [2, 4, 3, 5]
    assert k["people_reached"]["target"] == 2000
    # people_reached is the audience of the activities, quarter by quarter.
    data = S.get("/public/mol-eyes/data.json").json()
    assert [q["people_reached"] for q in data["quarters"]] == k["people_reached"]["by_quarter"]
    assert [q["period"] for q in data["quarters"]] == ["2569-q%d" % i for i in range(1, 5)]
    # An empty year is four zeros, never missing quarters.
    assert kpis("mol-eyes", 2568, MOL) == {}
    assert S.get("/api/v1/units/mol-eyes/kpis?year=abc", headers=MOL).status == 400
    assert S.get("/api/v1/units/mol-eyes/kpis?year=2569").status == 401


@test
def public_page_cacheable_and_open_data():
    r = S.get("/public/mol-eyes")
    assert r.status == 200, r
    # Works without script: no inline script; any script only enhances.
    assert not re.search(r"<script(?![^>]*\bsrc=)", r.text)
    assert "2569-q1" in r.text and "data.csv" in r.text
    etag = r.header("ETag")
    assert etag and "public" in r.header("Cache-Control")
    again = S.get("/public/mol-eyes", headers={"If-None-Match": etag})
    assert again.status == 304 and again.body == b""
    csv = S.get("/public/mol-eyes/data.csv")
    assert csv.status == 200 and csv.body.startswith(b"\xef\xbb\xbf")
    assert b"2569-q4" in csv.body
    js = S.get("/public/mol-eyes/data.json").json()
    assert js["unit"] == "mol-eyes" and js["licence"] == "CC-BY-4.0"
    assert set(js["quarters"][0]) == {"period", "tips_received", "tips_acknowledged_in_time",
                                      "tips_referred", "cases_closed", "activities",
                                      "people_reached"}
    assert all(set(k) >= {"id", "name", "target", "actual"} for k in js["kpis"])
    feed = S.get("/public/mol-eyes/feed.atom")
    assert feed.status == 200 and feed.text.count("<entry>") == 4
    home = S.get("/")
    assert '/public/mol-eyes"' in home.text and '/public/moj-amjl"' in home.text
    assert '/public/kkn-net"' not in home.text


@test
def activities_three_ways_and_refusals():
    zones = S.get("/api/v1/units?parent=kkn-net&kind=zone", headers=KKN).json()["items"]
    # People of a zone are people of kkn-net's subtree.
    people = members(zones[0]["code"], KKN, 3)
    assert len(people) == 3
    ids = [p["id"] for p in people]
    before = S.get("/public/kkn-net")
    assert before.status == 404
    # 1. members ticked
    r = activity({"kind": "talk", "title": "เวทีเฝ้าระวังงบประมาณตำบล", "held_on": "2026-01-20",
                  "people": ids})
    assert r.status == 201, r
    # 2. a pasted list matched to the unit's people
    names = "\n".join("%s %s" % (p["given_th"], p["family_th"]) for p in people[:2])
    r = activity({"kind": "training", "title": "อบรมแกนนำ", "held_on": "2026-02-03",
                  "names": names + "\n\n"})
    assert r.status == 201, r
    # 3. head counts by sector, no names
    r = activity({"kind": "anti_corruption_day", "title": "<script>alert(1)</script> วันต้านโกง",
                  "held_on": "2026-03-31", "province": "40",
                  "heads": {"government": 40, "citizens": 50}})
    assert r.status == 201, r
    # Refusals change nothing.
    bad = [
        ({"kind": "party", "title": "x", "held_on": "2026-01-01"}, 400, "kind"),
        ({"kind": "talk", "title": "", "held_on": "2026-01-01"}, 400, "title"),
        ({"kind": "talk", "title": "x", "held_on": "2026-02-30"}, 400, "held_on"),
        ({"kind": "talk", "title": "x" * 201, "held_on": "2026-01-01"}, 400, "title"),
        ({"kind": "talk", "title": "x", "held_on": "2026-01-01", "people": ["1"]}, 400, "people"),
        ({"kind": "talk", "title": "x", "held_on": "2026-01-01", "people": [1]}, 400, "people"),
        ({"kind": "talk", "title": "x", "held_on": "2026-01-01", "audience": -3}, 400, "audience"),
        ({"kind": "talk", "title": "x", "held_on": "2026-01-01", "heads": {"aliens": 3}}, 400, "heads"),
        ({"kind": "talk", "title": "x", "held_on": "2026-01-01", "province": "99"}, 400, "province"),
    ]
    for body, status, field in bad:
        r = activity(body)
        assert r.status == status, (body, r)
        assert r.json()["error"]["field"] == field, (body, r)
    r = activity({"kind": "talk", "title": "x", "held_on": "2026-01-01",
                  "names": "ไม่มี ใครชื่อนี้\n%s %s" % (people[0]["given_th"], people[0]["family_th"])})
    assert r.status == 400 and r.json()["error"]["unmatched"] == ["ไม่มี ใครชื่อนี้"], r
    assert S.post_json("/api/v1/units/kkn-net/activities", b"{not json", headers=KKN).status == 400
    assert S.post_json("/api/v1/units/kkn-net/activities", b'{"title": "\xff"}', headers=KKN).status == 400
    assert activity({"kind": "talk", "title": "x", "held_on": "2026-01-01"}, auth=WATCH).status == 403
    assert activity({"kind": "talk", "title": "x", "held_on": "2026-01-01"}, auth=MOL).status == 403
    assert activity({"kind": "talk", "title": "x", "held_on": "2026-01-01"}, auth={}).status == 401
    k = kpis("kkn-net", 2569, KKN)
    assert k == {}


@test
def targets_progress_publish_and_suppression():
    b = Browser(S)
    assert b.login("kkn-coord").status == 303
    page = b.get("/units/kkn-net/results?year=2569")
    assert page.status == 200, page
    b.page_csrf(page)
    r = b.post("/units/kkn-net/kpis", {"year": "2569", "code": "events", "name_th": "จำนวนกิจกรรม",
                                       "metric": "activities", "target": "8", "target_q1": "0",
                                       "target_q2": "4", "target_q3": "2", "target_q4": "2"})
    assert r.status == 303, r
    r = b.post("/units/kkn-net/kpis", {"year": "2569", "code": "reach", "name_th": "ผู้ได้รับการเผยแพร่",
                                       "metric": "people_reached", "target": "400"})
    assert r.status == 303, r
    assert b.post("/units/kkn-net/kpis", {"year": "2569", "code": "Bad Code", "name_th": "x",
                                          "metric": "activities"}).status == 400
    assert b.post("/units/kkn-net/kpis", {"year": "2569", "code": "x", "name_th": "x",
                                          "metric": "budget_spent"}).status == 400
    k = kpis("kkn-net", 2569, KKN)
    assert k["events"]["by_quarter"] == [0, 3, 0, 0] and k["events"]["target"] == 8
    assert k["reach"]["by_quarter"] == [0, 95, 0, 0]
    page = b.get("/units/kkn-net/results?year=2569")
    assert "light-on_track" in page.text and "light-behind" in page.text, page.text[page.text.find("id=\"kpis\""):][:1500]
    # A coordinator cannot publish; a supervisor can, an ended quarter only.
    assert b.post("/units/kkn-net/publish", {"period": "2569-q2"}).status == 403
    sup = Browser(S)
    assert sup.login("kkn-sup").status == 303
    sup.page_csrf(sup.get("/units/kkn-net/results?year=2569"))
    assert sup.post("/units/kkn-net/publish", {"period": "2570-q1"}).status == 400
    assert sup.post("/units/kkn-net/publish", {"period": "2569-q9"}).status == 400
    assert S.get("/public/kkn-net").status == 404
    assert sup.post("/units/kkn-net/publish", {"period": "2569-q2"}).status == 303
    pub = S.get("/public/kkn-net")
    assert pub.status == 200
    assert "2569-q2" in pub.text and "2569-q1" not in pub.text
    assert "&lt;script&gt;" in pub.text and "<script>alert" not in pub.text
    assert "น้อยกว่า 5" in pub.text
    js = S.get("/public/kkn-net/data.json").json()
    assert [q["period"] for q in js["quarters"]] == ["2569-q2"]
    q2 = js["quarters"][0]
    assert q2["tips_received"] == "<5" and q2["activities"] == 3 and q2["people_reached"] == 95
    assert q2["tips_referred"] == 0
    csv = S.get("/public/kkn-net/data.csv").body.decode("utf-8-sig")
    assert "kkn-net,2569-q2,<5,0,0,0,3,95" in csv


def xlsx_cells(data, sheet):
    z = zipfile.ZipFile(io.BytesIO(data))
    shared = re.findall(r"<t[^>]*>([^<]*)</t>", z.read("xl/sharedStrings.xml").decode())
    xml = z.read("xl/worksheets/sheet%d.xml" % sheet).decode()
    cells = {}
    for ref, typ, val in re.findall(r'<c r="([A-Z]+\d+)"(?: s="\d+")?( t="s")?[^>]*><v>([^<]*)</v>', xml):
        cells[ref] = shared[int(val)] if typ else float(val)
    return cells


@test
def quarterly_report_pdf_and_xlsx():
    k = kpis("mol-eyes", 2569, MOL)
    reach_q1 = k["people_reached"]["by_quarter"][0]
    b = Browser(S)
    assert b.login("mol-coord").status == 303
    r = b.get("/units/mol-eyes/reports/2569-q1.pdf")
    assert r.status == 200 and r.header("Content-Type") == "application/pdf", r
    assert r.body.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-", "-"], input=r.body, capture_output=True,
                          check=True).stdout.decode()
    assert "รายงานผลการดำเนินงาน" in text and "2569" in text
    assert "1 ตุลาคม 2568" in text and "31 ธันวาคม 2568" in text
    assert str(reach_q1) in text
    again = b.get("/units/mol-eyes/reports/2569-q1.pdf")
    assert again.body == r.body, "same data, same bytes"
    x = b.get("/units/mol-eyes/reports/2569-q1.xlsx")
    assert x.status == 200 and x.body.startswith(b"PK")
    figures = xlsx_cells(x.body, 1)
    assert figures["A7"] == "people_reached" and figures["B7"] == reach_q1
    assert figures["A6"] == "activities" and figures["B6"] == 8
    kp = xlsx_cells(x.body, 2)
    assert "sessions_given" in kp.values()
    assert b.get("/units/mol-eyes/reports/2569-q5.pdf").status == 404
    assert b.get("/units/mol-eyes/reports/2569-q1.doc").status == 404
    assert S.get("/units/mol-eyes/reports/2569-q1.pdf").status in (302, 303, 401)
    other = Browser(S)
    assert other.login("kkn-coord").status == 303
    assert other.get("/units/mol-eyes/reports/2569-q1.pdf").status == 403
    # The CLI writes the same report.
    out = os.path.join(S.tmp, "q1.pdf")
    run_cli("report", S.dir, "--unit", "mol-eyes", "--period", "2569-q1", "--format", "pdf",
            "--out", out)
    with open(out, "rb") as f:
        assert f.read() == r.body
    p = run_cli("report", S.dir, "--unit", "mol-eyes", "--period", "2569q1", "--format", "pdf",
                "--out", out, check=False)
    assert p.returncode == 2
    p = run_cli("report", S.dir, "--unit", "nope", "--period", "2569-q1", "--format", "xlsx",
                "--out", out, check=False)
    assert p.returncode == 1


@test
def form_ticks_members_and_enters_figures():
    b = Browser(S)
    assert b.login("mol-coord").status == 303
    page = b.get("/units/mol-eyes/results?year=2569")
    b.page_csrf(page)
    ticks = re.findall(r'name="person" value="(\d+)"', page.text)
    assert len(ticks) >= 3
    body = urllib.parse.urlencode([("csrf", b.csrf), ("kind", "pledge"),
               ("title", "ประกาศเจตนารมณ์ต่อต้านการทุจริต"), ("held_on", "2026-11-20"),
               ("person", ticks[0]), ("person", ticks[1]), ("person", ticks[2]),
               ("heads_students", "12")])
    r = b._keep(S.request("POST", "/units/mol-eyes/activities", body=body, headers=b._headers(
        {"Content-Type": "application/x-www-form-urlencoded"})))
    assert r.status == 303, r
    k = kpis("mol-eyes", 2570, MOL)
    assert k == {}
    assert S.get("/api/v1/units/mol-eyes/kpis?year=2570", headers=MOL).json()["items"] == []
    listed = b.get("/units/mol-eyes/results?year=2570")
    assert "ประกาศเจตนารมณ์ต่อต้านการทุจริต" in listed.text and "— 15 " in listed.text
    kp = kpis("mol-eyes", 2569, MOL)
    m = re.search(r'action="/units/mol-eyes/kpis/(\d+)/entries"', page.text)
    assert m, "no entry form for the entered KPI"
    r = b.post("/units/mol-eyes/kpis/%s/entries" % m.group(1),
               {"quarter": "2", "value": "9", "evidence": "หนังสือที่ รง 0201/99"})
    assert r.status == 303, r
    after = kpis("mol-eyes", 2569, MOL)["tips_passed_on"]
    assert after["by_quarter"] == [2, 9, 3, 5] and after["actual"] == 19
    assert kp["tips_passed_on"]["by_quarter"] == [2, 4, 3, 5]
    assert b.post("/units/mol-eyes/kpis/%s/entries" % m.group(1),
                  {"quarter": "2", "value": "9", "evidence": ""}).status == 400
    assert b.post("/units/mol-eyes/kpis/%s/entries" % m.group(1),
                  {"quarter": "7", "value": "9", "evidence": "x"}).status == 400
    assert b.post("/units/mol-eyes/kpis/%s/entries" % m.group(1),
                  {"quarter": "2", "value": "9", "evidence": "x"}, csrf=False).status == 403


@test
def cascade_from_the_multiplier_training():
    b = Browser(S)
    assert b.login("mol-coord").status == 303
    unit = b.get("/units/mol-eyes")
    found = None
    for tid in sorted(set(re.findall(r'href="/trainings/(\d+)"', unit.text))):
        page = b.get("/trainings/" + tid)
        if 'id="cascade"' in page.text:
            found = page
    assert found is not None, "no training shows its cascade"
    section = found.text.split('id="cascade"', 1)[1].split("</section>", 1)[0]
    assert section.count("<li>") == 40


@test
def stop_cleanly():
    assert S.stop() == 0


run()
