"""Results, followed up: published figures are snapshots (what the public
saw stays what it was after the data changes; publishing again keeps a new
version and says so; ETag and 304), the quarterly meeting's one-click
summary of the quarter and its minutes, and the annual report (PDF read
back with pdftotext, XLSX cells read back), through the server and the
CLI."""

import io
import re
import subprocess
import tempfile
import zipfile

from sodtest import Browser, Server, run, run_cli, test

S = Server(demo=True)
S.add_user("mol-coord", "coordinator", unit="mol-eyes")
S.add_user("mol-sup", "supervisor", unit="mol-eyes")
S.add_user("mol-watch", "monitor", unit="mol-eyes")
S.add_user("kkn-sup", "supervisor", unit="kkn-net")
S.start()

MOL = {"Authorization": "Bearer " + S.token("mol-coord")}


def public_json():
    r = S.get("/public/mol-eyes/data.json")
    assert r.status == 200, r
    return r.json()


def quarter(js, period):
    return [q for q in js["quarters"] if q["period"] == period][0]


def kpi(js, code):
    return [k for k in js["kpis"] if k["id"] == code][0]


@test
def snapshot_stays_until_republished():
    page = S.get("/public/mol-eyes")
    assert page.status == 200, page
    etag = page.header("ETag")
    before = public_json()
    assert before["versions"]["2569-q2"] == 1
    q2 = quarter(before, "2569-q2")
    reach = kpi(before, "people_reached")["actual"]
    # The data changes after publishing: an activity of 1,234 people in Q2.
    r = S.post_json("/api/v1/units/mol-eyes/activities",
                    {"kind": "talk", "title": "เวทีย้อนหลังไตรมาสสอง", "held_on": "2026-02-14",
                     "audience": 1234}, headers=MOL)
    assert r.status == 201, r
    internal = S.get("/api/v1/units/mol-eyes/kpis?year=2569", headers=MOL).json()
    live = [k for k in internal["items"] if k["id"] == "people_reached"][0]
    assert live["by_quarter"][1] == q2["people_reached"] + 1234
    # The public still sees what was published: page, data, CSV.
    after = public_json()
    assert quarter(after, "2569-q2") == q2
    assert kpi(after, "people_reached")["actual"] == reach
    again = S.get("/public/mol-eyes")
    assert again.header("ETag") == etag and "เวทีย้อนหลังไตรมาสสอง" not in again.text
    assert S.get("/public/mol-eyes", headers={"If-None-Match": etag}).status == 304
    csv = S.get("/public/mol-eyes/data.csv").text
    assert "mol-eyes,2569-q2," in csv
    assert str(q2["people_reached"] + 1234) not in csv

    # Who may publish again: a supervisor of the line only.
    coord = Browser(S)
    assert coord.login("mol-coord").status == 303
    coord.page_csrf(coord.get("/units/mol-eyes/results?year=2569"))
    assert coord.post("/units/mol-eyes/publish", {"period": "2569-q2"}).status == 403
    other = Browser(S)
    assert other.login("kkn-sup").status == 303
    other.page_csrf(other.get("/units/kkn-net/results?year=2569"))
    assert other.post("/units/mol-eyes/publish", {"period": "2569-q2"}).status == 403
    assert public_json()["versions"]["2569-q2"] == 1

    sup = Browser(S)
    assert sup.login("mol-sup").status == 303
    results = sup.get("/units/mol-eyes/results?year=2569")
    assert "เผยแพร่ใหม่ด้วยตัวเลขปัจจุบัน 2569-q2" in results.text
    sup.page_csrf(results)
    r = sup.post("/units/mol-eyes/publish", {"period": "2569-q2"})
    assert r.status == 303 and "version=2" in r.header("Location"), r
    notice = sup.get(r.header("Location"))
    assert 'id="republished"' in notice.text and "2569-q2" in notice.text
    js = public_json()
    assert js["versions"] == {"2569-q1": 1, "2569-q2": 2, "2569-q3": 1, "2569-q4": 1}
    assert quarter(js, "2569-q2")["people_reached"] == q2["people_reached"] + 1234
    assert quarter(js, "2569-q1") == quarter(before, "2569-q1")
    assert kpi(js, "people_reached")["actual"] == reach + 1234
    page = S.get("/public/mol-eyes")
    assert page.header("ETag") != etag
    assert 'id="revised"' in page.text and "เวทีย้อนหลังไตรมาสสอง" in page.text
    revised = page.text[page.text.index('id="revised"'):][:600]
    assert "2569-q2" in revised and "2569-q1" not in revised
    assert S.get("/public/mol-eyes", headers={"If-None-Match": etag}).status == 200
    assert S.get("/public/mol-eyes",
                 headers={"If-None-Match": page.header("ETag")}).status == 304
    feed = S.get("/public/mol-eyes/feed.atom").text
    assert "version 2" in feed
    # A third publish is version 3; the earlier versions stay kept.
    r = sup.post("/units/mol-eyes/publish", {"period": "2569-q2"})
    assert "version=3" in r.header("Location"), r
    assert public_json()["versions"]["2569-q2"] == 3


def kpis_live(year=2569):
    r = S.get("/api/v1/units/mol-eyes/kpis?year=%d" % year, headers=MOL)
    assert r.status == 200, r
    return {k["id"]: k for k in r.json()["items"]}


def api_meeting(mid, auth=MOL, unit="mol-eyes"):
    return S.get("/api/v1/units/%s/meetings/%s" % (unit, mid), headers=auth)


@test
def quarterly_meeting_summary_and_minutes():
    coord = Browser(S)
    assert coord.login("mol-coord").status == 303
    coord.page_csrf(coord.get("/units/mol-eyes"))
    r = coord.post("/units/mol-eyes/meetings", {"title": "ประชุมติดตามผลไตรมาส 2/2569",
                                                "held_on": "2026-03-27",
                                                "agenda": "ทบทวนตัวชี้วัด"})
    assert r.status == 303, r
    unit = coord.get("/units/mol-eyes")
    mid = max(int(i) for i in re.findall(r'href="/units/mol-eyes/meetings/(\d+)"', unit.text))
    m = api_meeting(mid).json()
    assert m["summary"] is None and m["minutes"] == ""
    page = coord.get("/units/mol-eyes/meetings/%s" % mid)
    assert page.status == 200 and "สรุปตัวเลขของไตรมาส" in page.text
    coord.page_csrf(page)
    # One click: the quarter the meeting is held in (27 March 2026 is 2569-q2).
    r = coord.post("/units/mol-eyes/meetings/%s/summary" % mid, {})
    assert r.status == 303, r
    live = kpis_live()
    m = api_meeting(mid).json()
    s = m["summary"]
    assert s["period"] == "2569-q2"
    assert s["figures"]["people_reached"] == live["people_reached"]["by_quarter"][1]
    got = {k["id"]: k for k in s["kpis"]}
    assert got["sessions_given"]["value"] == live["sessions_given"]["by_quarter"][1]
    assert got["people_reached"]["target"] == 2000
    page = coord.get("/units/mol-eyes/meetings/%s" % mid)
    assert 'id="summary-period">2569-q2<' in page.text
    assert str(live["people_reached"]["by_quarter"][1]) in page.text
    # A chosen quarter instead, kept as it was when taken.
    r = coord.post("/units/mol-eyes/meetings/%s/summary" % mid, {"period": "2569-q1"})
    assert r.status == 303, r
    q1 = api_meeting(mid).json()["summary"]
    assert q1["period"] == "2569-q1"
    assert q1["figures"]["people_reached"] == live["people_reached"]["by_quarter"][0]
    assert q1["figures"]["activities"] == 8
    r = S.post_json("/api/v1/units/mol-eyes/activities",
                    {"kind": "talk", "title": "กิจกรรมหลังสรุป", "held_on": "2025-11-03",
                     "audience": 77}, headers=MOL)
    assert r.status == 201, r
    assert kpis_live()["people_reached"]["by_quarter"][0] == q1["figures"]["people_reached"] + 77
    assert api_meeting(mid).json()["summary"] == q1
    # Bad periods change nothing.
    for bad in ("2569-q9", "2569", "q1", "<script>", "\u0e52\u0e55\u0e56\u0e59-q1"):
        assert coord.post("/units/mol-eyes/meetings/%s/summary" % mid,
                          {"period": bad}).status == 400, bad
    assert api_meeting(mid).json()["summary"] == q1

    # Minutes are kept with the meeting, escaped where shown.
    minutes = "มติที่ประชุม: เร่งรัดการอบรมวิทยากรตัวคูณ <b>ไตรมาส 3</b>"
    r = coord.post("/units/mol-eyes/meetings/%s/minutes" % mid, {"minutes": minutes})
    assert r.status == 303, r
    assert api_meeting(mid).json()["minutes"] == minutes
    watch = Browser(S)
    assert watch.login("mol-watch").status == 303
    seen = watch.get("/units/mol-eyes/meetings/%s" % mid)
    assert seen.status == 200 and "&lt;b&gt;ไตรมาส 3&lt;/b&gt;" in seen.text
    assert "<b>ไตรมาส 3</b>" not in seen.text
    assert coord.post("/units/mol-eyes/meetings/%s/minutes" % mid,
                      {"minutes": "ก" * 20001}).status == 400
    assert api_meeting(mid).json()["minutes"] == minutes

    # Who: a monitor reads but does not change; another line sees nothing.
    watch.page_csrf(seen)
    assert watch.post("/units/mol-eyes/meetings/%s/summary" % mid, {}).status == 403
    assert watch.post("/units/mol-eyes/meetings/%s/minutes" % mid,
                      {"minutes": "x"}).status == 403
    assert api_meeting(mid).json()["minutes"] == minutes
    kkn = {"Authorization": "Bearer " + S.token("kkn-sup")}
    assert api_meeting(mid, auth=kkn).status == 403
    assert api_meeting(mid, auth=kkn, unit="kkn-net").status == 404
    assert api_meeting(mid, auth={}).status == 401
    assert api_meeting("99999").status == 404
    assert api_meeting("abc").status == 404


@test
def annual_report_pdf_and_xlsx():
    live = kpis_live()
    b = Browser(S)
    assert b.login("mol-coord").status == 303
    r = b.get("/units/mol-eyes/reports/2569.pdf")
    assert r.status == 200 and r.header("Content-Type") == "application/pdf", r
    text = subprocess.run(["pdftotext", "-", "-"], input=r.body, capture_output=True,
                          check=True).stdout.decode()
    flat = re.sub(r"\s+", "", text)
    assert "รายงานผลการดำเนินงานประจำปีงบประมาณพ.ศ.2569" in flat
    assert "1ตุลาคม2568" in flat and "30กันยายน2569" in flat
    assert "ผลการดำเนินงานรายไตรมาส" in flat and "เทียบเป้าหมายประจำปี" in flat
    reach = live["people_reached"]
    assert str(reach["actual"]) in text and "2000" in text
    for v in reach["by_quarter"]:
        assert str(v) in text
    assert b.get("/units/mol-eyes/reports/2569.pdf").body == r.body, "same data, same bytes"
    x = b.get("/units/mol-eyes/reports/2569.xlsx")
    assert x.status == 200 and x.body.startswith(b"PK"), x
    figures = xlsx_cells(x.body, 1)
    assert [figures[c + "1"] for c in "ABCDEF"] == ["figure", "q1", "q2", "q3", "q4", "year"]
    assert figures["A7"] == "people_reached"
    assert [figures[c + "7"] for c in "BCDE"] == reach["by_quarter"]
    assert figures["F7"] == sum(reach["by_quarter"])
    kp = xlsx_cells(x.body, 2)
    row = [r for r in range(2, 20) if kp.get("A%d" % r) == "people_reached"][0]
    assert kp["C%d" % row] == 2000 and kp["H%d" % row] == reach["actual"]
    assert [kp["%s%d" % (c, row)] for c in "DEFG"] == reach["by_quarter"]
    assert kp["I%d" % row] == reach["actual"] * 100 // 2000
    # The quarterly names still answer, and nothing else does.
    assert b.get("/units/mol-eyes/reports/2569-q1.pdf").status == 200
    for bad in ("256.pdf", "2569.doc", "2569-q0.pdf", "25690.pdf", "2801.pdf", ".pdf",
                "2569.pdf.pdf"):
        assert b.get("/units/mol-eyes/reports/" + bad).status == 404, bad
    assert S.get("/units/mol-eyes/reports/2569.pdf").status in (302, 303, 401)
    other = Browser(S)
    assert other.login("kkn-sup").status == 303
    assert other.get("/units/mol-eyes/reports/2569.xlsx").status == 403
    # The CLI writes the same file.
    out = tempfile.mktemp(suffix=".pdf", dir=S.tmp)
    run_cli("report", S.dir, "--unit", "mol-eyes", "--period", "2569", "--format", "pdf",
            "--out", out)
    with open(out, "rb") as f:
        assert f.read() == r.body
    for bad in ("25", "2569-", "2569-q", "999999"):
        p = run_cli("report", S.dir, "--unit", "mol-eyes", "--period", bad, "--format", "pdf",
                    "--out", out, check=False)
        assert p.returncode == 2, bad


def xlsx_cells(data, sheet):
    z = zipfile.ZipFile(io.BytesIO(data))
    shared = re.findall(r"<t[^>]*>([^<]*)</t>", z.read("xl/sharedStrings.xml").decode())
    xml = z.read("xl/worksheets/sheet%d.xml" % sheet).decode()
    cells = {}
    for ref, typ, val in re.findall(r'<c r="([A-Z]+\d+)"(?: s="\d+")?( t="s")?[^>]*><v>([^<]*)</v>', xml):
        cells[ref] = shared[int(val)] if typ else float(val)
    return cells


@test
def stop_cleanly():
    assert S.stop() == 0
    S.close()


if __name__ == "__main__":
    run()
