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


@test
def stop_cleanly():
    assert S.stop() == 0
    S.close()


if __name__ == "__main__":
    run()
