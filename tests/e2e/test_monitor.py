#!/usr/bin/env python3
"""Monitoring in the field (docs/monitoring.md): the demo's round 1, points
of a unit and their filters, a round over all 300 points spread
automatically (every point once, at most 5 a team a day), hand-made
rounds, visits recorded as JSON and as multipart with a photo (its EXIF
location kept as data, the stored file without EXIF), the 1 km mark, the
idempotency key, who may record and read what, a suspect finding made a
tip that the unit's officers read and the monitor cannot, hostile text
escaped, 413 for a photo over the limit, and the pages working without
JavaScript."""
import base64
import json
import os
import re
import shutil
import subprocess
import tempfile

from sodtest import Browser, Server, run, run_cli, test

S = Server(demo=True)
S.add_user("kkn-coord", "coordinator", unit="kkn-net")
S.add_user("kkn-officer", "officer", unit="kkn-net")
S.add_user("watch-01", "monitor", unit="kkn-team-01")
S.add_user("watch-02", "monitor", unit="kkn-team-02")
S.add_user("mol-coord", "coordinator", unit="mol-eyes")
S.start()
S.token("kkn-officer")
S.grant_keys()

COORD = {"Authorization": "Bearer " + S.token("kkn-coord")}
OFFICER = {"Authorization": "Bearer " + S.token("kkn-officer")}
W1 = {"Authorization": "Bearer " + S.token("watch-01")}
W2 = {"Authorization": "Bearer " + S.token("watch-02")}
MOL = {"Authorization": "Bearer " + S.token("mol-coord")}
HOSTILE = "<script>alert('x')</script>\"&{{csrf}}"

BASE_JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxO"
    "QERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2Nj"
    "Y2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAIABADASIAAhEBAxEB/8QAFQABAQAAAAAA"
    "AAAAAAAAAAAAAAX/xAAcEAEAAwACAwAAAAAAAAAAAAABAAIRAyExkZL/xAAVAQEBAAAAAAAAAAAAAAAAAAAE"
    "Bf/EABoRAQACAwEAAAAAAAAAAAAAAAEAAhESMfD/2gAMAwEAAhEDEQA/AKlSnHpUpo+KV19vUX7UsmDuXtr8"
    "jEQlTa+ryT1xRT3Z/9k=")


def gps_jpeg(lat, lon):
    d = tempfile.mkdtemp()
    p = os.path.join(d, "photo.jpg")
    with open(p, "wb") as f:
        f.write(BASE_JPEG)
    subprocess.run(["exiftool", "-q", "-overwrite_original", "-n",
                    "-GPSLatitude=%f" % lat, "-GPSLatitudeRef=N",
                    "-GPSLongitude=%f" % lon, "-GPSLongitudeRef=E",
                    "-Artist=Somchai Monitor", p], check=True)
    with open(p, "rb") as f:
        data = f.read()
    shutil.rmtree(d)
    assert b"Somchai Monitor" in data
    return data


def exif_of(data):
    d = tempfile.mkdtemp()
    p = os.path.join(d, "x.jpg")
    with open(p, "wb") as f:
        f.write(data)
    r = subprocess.run(["exiftool", "-j", "-n", p], capture_output=True, text=True, check=True)
    shutil.rmtree(d)
    return json.loads(r.stdout)[0]


def multipart(parts):
    boundary = "----sodsongvisit7"
    out = b""
    for name, filename, ctype, data in parts:
        disp = 'form-data; name="%s"' % name
        if filename:
            disp += '; filename="%s"' % filename
        out += ("--%s\r\nContent-Disposition: %s\r\n" % (boundary, disp)).encode()
        if ctype:
            out += ("Content-Type: %s\r\n" % ctype).encode()
        out += b"\r\n" + (data if isinstance(data, bytes) else data.encode()) + b"\r\n"
    out += ("--%s--\r\n" % boundary).encode()
    return out, "multipart/form-data; boundary=" + boundary


def get(path, auth):
    r = S.get(path, headers=auth)
    return r


def point(code, auth=COORD):
    r = get("/api/v1/points/" + code, auth)
    assert r.status == 200, r
    return r.json()


@test
def demo_round_one():
    r = get("/api/v1/rounds/1", COORD)
    assert r.status == 200, r
    o = r.json()
    for k in ("id", "name", "starts_on", "ends_on", "points_total", "points_visited",
              "by_team", "by_day", "assignments"):
        assert k in o, k
    assert o["id"] == 1 and o["points_total"] == 300
    assert 0 < o["points_visited"] < 30, o["points_visited"]
    assert len(o["by_team"]) == 30 and all(t["assigned"] == 10 for t in o["by_team"])
    assert [(d["day"], d["assigned"]) for d in o["by_day"]] == [(1, 150), (2, 150)]
    points = [a["point"] for a in o["assignments"]]
    assert len(points) == 300 and len(set(points)) == 300
    per = {}
    for a in o["assignments"]:
        assert set(a) >= {"team", "point", "day", "visited"}
        per[(a["team"], a["day"])] = per.get((a["team"], a["day"]), 0) + 1
    assert set(per.values()) == {5}
    assert sum(1 for a in o["assignments"] if a["visited"]) == o["points_visited"]


@test
def demo_points_have_places_kinds_and_checklists():
    r = get("/api/v1/units/kkn-net/points?limit=200", COORD)
    assert r.status == 200, r
    o = r.json()
    assert o["total"] == 300 and len(o["items"]) == 200
    it = o["items"][0]
    for k in ("code", "name", "kind", "lat", "lon", "province", "district", "unit",
              "last_visit_on", "status"):
        assert k in it, k
    for it in o["items"]:
        assert 15.5 < it["lat"] < 17.1 and 101.7 < it["lon"] < 103.3, it
        assert it["province"] == "40" and it["district"].startswith("40")
    kinds = {}
    for off in (0, 200):
        for it in get("/api/v1/units/kkn-net/points?limit=200&offset=%d" % off, COORD).json()["items"]:
            kinds[it["kind"]] = kinds.get(it["kind"], 0) + 1
    assert sum(kinds.values()) == 300 and kinds["service"] == 60, kinds
    # A demo suspect finding is a tip already.
    found = False
    for off in (0, 200):
        for it in get("/api/v1/units/kkn-net/points?limit=200&offset=%d" % off, COORD).json()["items"]:
            if it["last_visit_on"]:
                page = S.get("/points/" + it["code"], headers=COORD)
                found = found or "/tips/" in page.text
    assert found


@test
def points_filters():
    assert get("/api/v1/units/kkn-net/points?kind=service", COORD).json()["total"] == 60
    d = get("/api/v1/units/kkn-net/points?district=4001", COORD).json()
    assert d["total"] > 0 and all(i["district"] == "4001" for i in d["items"])
    assert get("/api/v1/units/kkn-net/points?status=closed", COORD).json()["total"] == 0
    # Visited in the demo on 14 March 2026: all 300 are "not visited since" the 15th,
    # fewer than 300 "not visited since" the 14th.
    assert get("/api/v1/units/kkn-net/points?not_visited_since=2026-03-15", COORD).json()["total"] == 300
    n14 = get("/api/v1/units/kkn-net/points?not_visited_since=2026-03-14", COORD).json()["total"]
    assert 270 < n14 < 300
    # The same date as people write it (BE).
    assert get("/api/v1/units/kkn-net/points?not_visited_since=14/3/2569", COORD).json()["total"] == n14
    assert get("/api/v1/units/kkn-net/points?status=bogus", COORD).status == 400
    assert get("/api/v1/units/kkn-net/points?not_visited_since=yesterday", COORD).status == 400
    # A team's list covers its own points only.
    assert get("/api/v1/units/kkn-team-01/points", W1).json()["total"] == 10


@test
def points_are_seen_only_in_their_line():
    assert get("/api/v1/units/kkn-net/points", MOL).status == 403
    assert get("/api/v1/units/kkn-net/points", W1).status == 403   # the network, above the team
    assert get("/api/v1/units/kkn-team-02/points", W1).status == 403
    assert get("/api/v1/points/kkn-p02-01", W1).status == 404
    assert get("/api/v1/units/kkn-net/points", {}).status == 401


@test
def create_and_edit_points():
    body = {"code": "kkn-x-01", "name": HOSTILE, "kind": "construction", "lat": 16.44,
            "lon": 102.83, "province": "40", "district": "4001", "agency": "อบต.",
            "budget_baht": 1500000, "project_ref": "สัญญา 12/2569", "ocid": "ocds-x-1"}
    r = S.post_json("/api/v1/units/kkn-zone-1/points", body, headers=COORD)
    assert r.status == 201, r
    p = point("kkn-x-01")
    assert p["name"] == HOSTILE and p["budget_baht"] == 1500000 and p["unit"] == "kkn-zone-1"
    assert S.post_json("/api/v1/units/kkn-zone-1/points", body, headers=COORD).status == 409
    for bad, field in (({"kind": "castle"}, "kind"), ({"lat": 16.4, "lon": None}, "lon"),
                       ({"lat": "16"}, "lat"), ({"district": "1001"}, "district"),
                       ({"code": "BAD CODE"}, "code"), ({"name": ""}, "name"),
                       ({"budget_baht": -5}, "budget_baht"), ({"name": "x" * 201}, "name")):
        b = dict(body, code="kkn-x-02")
        b.update(bad)
        r = S.post_json("/api/v1/units/kkn-zone-1/points", b, headers=COORD)
        assert r.status == 400, (bad, r)
        assert r.json()["error"]["field"] == field, (bad, r.json())
    assert S.post_json("/api/v1/units/kkn-zone-1/points", b"{\"code\":\"a\xff\"}",
                       headers=COORD).status == 400
    assert S.post_json("/api/v1/units/kkn-zone-1/points", "[1,2", headers=COORD).status == 400
    assert S.post_json("/api/v1/units/kkn-team-01/points", dict(body, code="kkn-x-03"),
                       headers=W1).status == 403
    assert get("/api/v1/points/kkn-x-02", COORD).status == 404
    # The page escapes what was typed, and links the procurement.
    page = S.get("/points/kkn-x-01", headers=COORD).text
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert 'href="/procurements/ocds-x-1"' in page
    r = S.post_json("/api/v1/points/kkn-x-01", dict(body, status="closed"), headers=COORD)
    assert r.status == 200, r
    assert point("kkn-x-01")["status"] == "closed"
    r = S.post_json("/api/v1/points/kkn-x-01/visits", {"status": "ok"}, headers=COORD)
    assert r.status == 400 and r.json()["error"]["field"] == "point"


def new_round(body, auth=COORD, unit="kkn-net"):
    return S.post_json("/api/v1/units/%s/rounds" % unit, body, headers=auth)


ROUND = {}


@test
def round_over_all_points():
    r = new_round({"name": "รอบที่ 2", "starts_on": "2026-04-01", "ends_on": "2026-04-02",
                   "auto": True})
    assert r.status == 201, r
    rid = r.json()["id"]
    ROUND["id"] = rid
    o = get("/api/v1/rounds/%d" % rid, COORD).json()
    assert o["points_total"] == 300 and o["points_visited"] == 0
    per = {}
    for a in o["assignments"]:
        per[(a["team"], a["day"])] = per.get((a["team"], a["day"]), 0) + 1
    assert max(per.values()) <= 5 and sum(per.values()) == 300
    assert len({a["point"] for a in o["assignments"]}) == 300
    # Too little room: 300 points in one day need 60 teams.
    r = new_round({"name": "x", "starts_on": "2026-04-01", "ends_on": "2026-04-01", "auto": True})
    assert r.status == 400, r
    # A zone's points of one kind only.
    r = new_round({"name": "โซน 1", "starts_on": "2026-05-01", "ends_on": "2026-05-02",
                   "auto": {"unit": "kkn-zone-1", "kind": "service"}})
    assert r.status == 201, r
    o = get("/api/v1/rounds/%d" % r.json()["id"], COORD).json()
    assert 0 < o["points_total"] < 300
    for a in o["assignments"]:
        assert point(a["point"])["kind"] == "service"
    # Only a coordinator (or above) plans; nobody plans another network's round.
    assert new_round({"name": "x", "starts_on": "2026-04-01", "ends_on": "2026-04-02",
                      "auto": True}, auth=W1).status == 403
    assert new_round({"name": "x", "starts_on": "2026-04-01", "ends_on": "2026-04-02",
                      "auto": True}, auth=MOL).status == 403
    assert get("/api/v1/rounds/%d" % rid, MOL).status == 404


@test
def round_by_hand():
    ok = {"name": "มือ", "starts_on": "2026-06-01", "ends_on": "2026-06-02",
          "assignments": [{"team": "kkn-team-01", "point": "kkn-p01-01", "day": 1},
                          {"team": "kkn-team-02", "point": "kkn-p02-01", "day": 2}]}
    r = new_round(ok)
    assert r.status == 201, r
    o = get("/api/v1/rounds/%d" % r.json()["id"], COORD).json()
    assert sorted((a["team"], a["point"], a["day"]) for a in o["assignments"]) == [
        ("kkn-team-01", "kkn-p01-01", 1), ("kkn-team-02", "kkn-p02-01", 2)]
    bads = [
        [{"team": "kkn-team-01", "point": "kkn-p01-01", "day": 3}],
        [{"team": "kkn-team-01", "point": "nope", "day": 1}],
        [{"team": "mol-eyes", "point": "kkn-p01-01", "day": 1}],
        [{"team": "kkn-zone-1", "point": "kkn-p01-01", "day": 1}],
        [{"team": "kkn-team-01", "point": "kkn-p01-01", "day": 1},
         {"team": "kkn-team-02", "point": "kkn-p01-01", "day": 2}],
        [{"team": "kkn-team-01", "point": "kkn-p01-01", "day": "1"}],
    ]
    for b in bads:
        r = new_round(dict(ok, assignments=b))
        assert r.status == 400, (b, r)
    for bad in ({"name": ""}, {"starts_on": "2026-02-30"}, {"ends_on": "2026-05-01"},
                {"ends_on": "2026-12-31"}, {"name": 5}):
        r = new_round(dict(ok, **bad))
        assert r.status == 400, (bad, r)
    # Hand adjustment: move a point to another team and day.
    rid = r = new_round(ok).json()["id"]
    r = S.post_json("/api/v1/rounds/%d/moves" % rid,
                    {"point": "kkn-p01-01", "team": "kkn-team-03", "day": 2}, headers=COORD)
    assert r.status == 200, r
    o = get("/api/v1/rounds/%d" % rid, COORD).json()
    assert ("kkn-team-03", "kkn-p01-01", 2) in [(a["team"], a["point"], a["day"])
                                                for a in o["assignments"]]
    assert S.post_json("/api/v1/rounds/%d/moves" % rid,
                       {"point": "kkn-p01-01", "team": "kkn-team-03", "day": 1},
                       headers=W1).status in (403, 404)


ANSWERS = {"construction": {"sign": True}, "budget_project": {"sign": True},
           "service": {"fees": True}, "procurement": {"announced": True},
           "other": {"remark": "x"}}


def answers(code, auth=W1):
    return ANSWERS[point(code, auth)["kind"]]


def team_point(rid, team):
    o = get("/api/v1/rounds/%d" % rid, COORD).json()
    return [a["point"] for a in o["assignments"] if a["team"] == team]


@test
def visits_json_and_multipart():
    rid = ROUND["id"]
    mine = team_point(rid, "kkn-team-01")
    theirs = team_point(rid, "kkn-team-02")
    p0 = point(mine[0], W1)
    body = {"round": rid, "status": "concern", "note": HOSTILE, "lat": p0["lat"] + 0.001,
            "lon": p0["lon"], "answers": answers(mine[0])}
    r = S.post_json("/api/v1/points/%s/visits" % mine[0], body, headers=W1)
    assert r.status == 201, r
    v = get("/api/v1/visits/%d" % r.json()["id"], W1).json()
    assert v["status"] == "concern" and v["note"] == HOSTILE and v["far"] is False
    assert 100 < v["distance_m"] < 130 and v["team"] == "kkn-team-01"
    page = S.get("/visits/%d" % v["id"], headers=W1).text
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    # Another team's point: refused, nothing stored.
    r = S.post_json("/api/v1/points/%s/visits" % theirs[0], dict(body, note="x"), headers=W1)
    assert r.status in (403, 404), r
    assert get("/api/v1/rounds/%d" % rid, COORD).json()["points_visited"] == 1
    # Multipart: the location comes from the photo's EXIF (far from the point).
    photo = gps_jpeg(16.0, 103.5)
    data, ctype = multipart([("visit", None, "application/json",
                              json.dumps({"round": rid, "status": "ok", "note": "ภาพ",
                                          "answers": answers(mine[1])})),
                             ("photo", "site.jpg", "image/jpeg", photo)])
    r = S.request("POST", "/api/v1/points/%s/visits" % mine[1], body=data,
                  headers=dict(W1, **{"Content-Type": ctype}))
    assert r.status == 201, r
    v = get("/api/v1/visits/%d" % r.json()["id"], W1).json()
    assert abs(v["lat"] - 16.0) < 1e-5 and abs(v["lon"] - 103.5) < 1e-5
    assert v["far"] is True and len(v["photos"]) == 1
    r = S.get(v["photos"][0]["url"], headers=W1)
    assert r.status == 200 and r.body[:2] == b"\xff\xd8", r
    tags = exif_of(r.body)
    assert "GPSLatitude" not in tags and "Artist" not in tags, tags
    assert b"Somchai Monitor" not in r.body
    # Another network cannot read the visit or its photo.
    assert get("/api/v1/visits/%d" % v["id"], MOL).status == 404
    assert S.get(v["photos"][0]["url"], headers=MOL).status == 404
    # Progress counts both visits.
    o = get("/api/v1/rounds/%d" % rid, COORD).json()
    assert o["points_visited"] == 2
    t1 = [t for t in o["by_team"] if t["team"] == "kkn-team-01"][0]
    assert t1["visited"] == 2 and t1["assigned"] == 10


@test
def visit_bad_input_changes_nothing():
    rid = ROUND["id"]
    mine = team_point(rid, "kkn-team-01")
    before = get("/api/v1/rounds/%d" % rid, COORD).json()["points_visited"]
    for bad, field in (({"status": "fine"}, "status"), ({"status": 1}, "status"),
                       ({"lat": 16.4}, "lon"), ({"lat": 200, "lon": 1}, "lat"),
                       ({"answers": {"sign": "yes"}}, "answers.sign"),
                       ({"answers": {"nope": True}}, "answers.nope"),
                       ({"answers": []}, "answers"), ({"round": "x"}, "round"),
                       ({"visited_on": "2999-01-01"}, "visited_on"),
                       ({"note": "ก" * 5001}, "note"),
                       ({"idempotency_key": "bad key!"}, "idempotency_key")):
        b = {"round": rid, "status": "ok", "answers": {"sign": True}}
        b.update(bad)
        r = S.post_json("/api/v1/points/%s/visits" % mine[5], b, headers=W1)
        assert r.status == 400, (bad, r)
        assert r.json()["error"]["field"] == field, (bad, r.json())
    # A required checklist answer (construction's "sign") is missing.
    kinds = {p: point(p, W1)["kind"] for p in mine}
    cons = [p for p in mine if kinds[p] == "construction"][0]
    r = S.post_json("/api/v1/points/%s/visits" % cons, {"round": rid, "status": "ok"},
                    headers=W1)
    assert r.status == 400 and r.json()["error"]["field"] == "answers.sign", r
    assert get("/api/v1/rounds/%d" % rid, COORD).json()["points_visited"] == before


@test
def idempotency_key_records_once():
    rid = ROUND["id"]
    mine = team_point(rid, "kkn-team-01")
    p = mine[3]
    before = get("/api/v1/rounds/%d" % rid, COORD).json()["points_visited"]
    body = {"round": rid, "status": "ok", "answers": answers(p),
            "idempotency_key": "phone-7f3a-0001"}
    r1 = S.post_json("/api/v1/points/%s/visits" % p, body, headers=W1)
    r2 = S.post_json("/api/v1/points/%s/visits" % p, body, headers=W1)
    assert r1.status == 201 and r2.status == 200, (r1, r2)
    assert r1.json()["id"] == r2.json()["id"]
    # The header works the same way.
    h = dict(W1, **{"Idempotency-Key": "phone-7f3a-0002"})
    r3 = S.post_json("/api/v1/points/%s/visits" % p, {"round": rid, "status": "concern",
                     "answers": answers(p)}, headers=h)
    r4 = S.post_json("/api/v1/points/%s/visits" % p, {"round": rid, "status": "concern",
                     "answers": answers(p)}, headers=h)
    assert r3.status == 201 and r4.status == 200 and r3.json()["id"] == r4.json()["id"]
    assert get("/api/v1/rounds/%d" % rid, COORD).json()["points_visited"] == before + 1
    v = get("/api/v1/visits/%d" % r3.json()["id"], W1).json()
    assert v["status"] == "concern"


@test
def photo_over_the_limit_is_413():
    rid = ROUND["id"]
    mine = team_point(rid, "kkn-team-01")
    big = BASE_JPEG[:-2] + b"\0" * (11 * 1024 * 1024) + b"\xff\xd9"
    data, ctype = multipart([("visit", None, "application/json",
                              json.dumps({"round": rid, "status": "ok"})),
                             ("photo", "big.jpg", "image/jpeg", big)])
    before = get("/api/v1/rounds/%d" % rid, COORD).json()["points_visited"]
    r = S.request("POST", "/api/v1/points/%s/visits" % mine[2], body=data,
                  headers=dict(W1, **{"Content-Type": ctype}), timeout=120)
    assert r.status == 413, r
    assert get("/api/v1/rounds/%d" % rid, COORD).json()["points_visited"] == before


@test
def finding_becomes_a_tip():
    rid = ROUND["id"]
    mine = team_point(rid, "kkn-team-01")
    p = [c for c in mine if point(c, W1)["kind"] == "budget_project"][0]
    photo = gps_jpeg(16.44, 102.83)
    data, ctype = multipart([("visit", None, "application/json",
                              json.dumps({"round": rid, "status": "suspect",
                                          "note": "ฝายพังทั้งที่เพิ่งส่งมอบ " + HOSTILE,
                                          "answers": {"sign": False}})),
                             ("photo", "weir.jpg", "image/jpeg", photo)])
    r = S.request("POST", "/api/v1/points/%s/visits" % p, body=data,
                  headers=dict(W1, **{"Content-Type": ctype}))
    assert r.status == 201, r
    vid = r.json()["id"]
    # Another team's monitor cannot make it a tip; a non-suspect visit cannot become one.
    assert S.post_json("/api/v1/visits/%d/tip" % vid, {}, headers=W2).status in (403, 404)
    r = S.post_json("/api/v1/visits/%d/tip" % vid, {}, headers=W1)
    assert r.status == 201, r
    tip = r.json()["tip_id"]
    assert S.post_json("/api/v1/visits/%d/tip" % vid, {}, headers=W1).status == 409
    assert get("/api/v1/visits/%d" % vid, W1).json()["tip_id"] == tip
    # The officers of the line read it, credited to the team, with the photo.
    r = get("/api/v1/tips/%d" % tip, OFFICER)
    assert r.status == 200, r
    t = r.json()
    text = json.dumps(t, ensure_ascii=False)
    assert "ฝายพังทั้งที่เพิ่งส่งมอบ" in text and "kkn-team-01" in text and p in text
    assert len(t.get("files", [])) == 1
    assert t.get("identity_given") is True
    # The monitor who made it cannot read it.
    assert get("/api/v1/tips/%d" % tip, W1).status == 403
    # The point's page links the tip.
    assert "/tips/%d" % tip in S.get("/points/" + p, headers=COORD).text
    # A visit that is not suspect cannot become a tip.
    other = [c for c in mine if c != p][-1]
    r = S.post_json("/api/v1/points/%s/visits" % other,
                    {"round": rid, "status": "ok", "answers": answers(other)}, headers=W1)
    assert r.status == 201, r
    r = S.post_json("/api/v1/visits/%d/tip" % r.json()["id"], {}, headers=W1)
    assert r.status == 400 and r.json()["error"]["field"] == "status", r


@test
def pages_without_javascript():
    b = Browser(S)
    b.login("watch-02")
    rid = ROUND["id"]
    p = team_point(rid, "kkn-team-02")
    kinds = {c: point(c, W2)["kind"] for c in p}
    svc = [c for c in p if kinds[c] == "service"][0]
    r = b.get("/points/%s/visit?round=%d" % (svc, rid))
    assert r.status == 200, r
    assert len(r.body) < 50 * 1024, len(r.body)
    assert 'capture="environment"' in r.text and 'href="/report"' in r.text
    b.page_csrf(r)
    idem = re.search(r'name="idempotency_key" value="([0-9a-f]+)"', r.text).group(1)
    fields = {"round": str(rid), "status": "ok", "note": "ปกติ", "a_fees": "yes",
              "a_wait": "20", "idempotency_key": idem, "visited_on": ""}
    r = b.post("/points/%s/visit" % svc, fields)
    assert r.status == 303, r
    loc = r.header("Location")
    assert loc.startswith("/visits/"), loc
    # The same form sent again (a double tap) records nothing new.
    r2 = b.post("/points/%s/visit" % svc, fields)
    assert r2.status == 303 and r2.header("Location").split("?")[0] == loc.split("?")[0]
    v = b.get(loc)
    assert v.status == 200 and "ปกติ" in v.text
    # Missing status: the form comes back with a message, typed text kept.
    r = b.post("/points/%s/visit" % svc, dict(fields, status="", note="เก็บไว้",
                                               idempotency_key="k-2"))
    assert r.status == 400 and "เก็บไว้" in r.text
    # Pages of the coordinator.
    c = Browser(S)
    c.login("kkn-coord")
    for path in ("/units/kkn-net/points", "/units/kkn-net/points?kind=service&district=4001",
                 "/rounds/1", "/rounds/%d" % rid, "/points/kkn-p01-01"):
        r = c.get(path)
        assert r.status == 200, (path, r)
    r = c.get("/rounds/1")
    assert "<svg" in r.text and "<circle" in r.text and "<script" not in r.text.split("<svg")[1].split("</svg>")[0]
    assert "id=\"round-visited\"" in r.text
    r = c.get("/rounds/1/export.csv")
    assert r.status == 200 and r.text.count("\n") >= 301
    r = c.get("/rounds/1/export.xlsx")
    assert r.status == 200 and r.body[:2] == b"PK"
    # A round made from the page.
    r = c.get("/units/kkn-net/points")
    c.page_csrf(r)
    r = c.post("/units/kkn-net/rounds", {"name": "รอบจากหน้าเว็บ", "starts_on": "1/7/2569",
                                         "ends_on": "2/7/2569", "pick_unit": "",
                                         "pick_kind": "", "pick_district": ""})
    assert r.status == 303 and r.header("Location").startswith("/rounds/"), r
    r = c.post("/units/kkn-net/rounds", {"name": "", "starts_on": "1/7/2569",
                                         "ends_on": "2/7/2569"})
    assert r.status == 400
    # A point made from the page, hostile name escaped in the list.
    r = c.post("/units/kkn-net/points", {"code": "kkn-web-1", "name": HOSTILE,
                                         "kind": "service", "district": "4001",
                                         "lat": "16.43", "lon": "102.83"})
    assert r.status == 303, r
    r = c.get("/units/kkn-net/points?district=4001")
    assert "kkn-web-1" in r.text and "<script>alert" not in r.text
    r = c.post("/units/kkn-net/points", {"code": "kkn-web-1", "name": "again", "kind": "service"})
    assert r.status == 400


@test
def import_points_checks_first_then_all_or_nothing():
    d = tempfile.mkdtemp()
    bad = os.path.join(d, "bad.csv")
    with open(bad, "w", encoding="utf-8") as f:
        f.write("รหัส,ชื่อ,ประเภท,ละติจูด,ลองจิจูด,อำเภอ,งบประมาณ\n"
                "kkn-imp-01,ถนนสายใหม่,ก่อสร้าง,16.4,102.8,4001,500000\n"
                "kkn-imp-02,\"อาคาร, ใหม่\",service,16.5,x,4001,\n"
                "kkn-imp-01,ซ้ำ,other,,,,\n"
                "kkn-p01-01,มีแล้ว,other,,,,\n"
                "kkn-imp-03,,other,,,,\n"
                "kkn-imp-04,ดี,castle,,,,\n"
                "kkn-imp-05,ดี,other,,,4099,\n"
                "kkn-imp-06,%s,other,,,,-5\n" % HOSTILE.replace('"', '""').join('""'))
    total = get("/api/v1/units/kkn-net/points", COORD).json()["total"]
    p = run_cli("import", "points", S.dir, bad, "--unit", "kkn-net", "--yes", check=False)
    assert p.returncode == 1, p
    for frag in ("line 3 (kkn-imp-02): lon", "line 4 (kkn-imp-01): code: same as line 2",
                 "line 5 (kkn-p01-01): code", "line 6 (kkn-imp-03): name",
                 "line 7 (kkn-imp-04): kind", "line 8 (kkn-imp-05): district",
                 "line 9 (kkn-imp-06): budget_baht", "nothing imported"):
        assert frag in p.stderr, (frag, p.stderr)
    assert get("/api/v1/units/kkn-net/points", COORD).json()["total"] == total
    assert get("/api/v1/points/kkn-imp-01", COORD).status == 404
    good = os.path.join(d, "good.csv")
    with open(good, "w", encoding="utf-8") as f:
        f.write("code,name,kind,lat,lon,district,agency,budget_baht,project_ref\n"
                "kkn-imp-01,ถนนสายใหม่,construction,16.4,102.8,4001,อบต.,500000,สัญญา 1/2569\n"
                "kkn-imp-02,%s,service,,,4002,,,\n" % HOSTILE.replace('"', '""').join('""'))
    p = run_cli("import", "points", S.dir, good, "--unit", "kkn-zone-2", "--yes", check=False)
    assert p.returncode == 0, p.stderr
    assert get("/api/v1/units/kkn-net/points", COORD).json()["total"] == total + 2
    pt = point("kkn-imp-01")
    assert pt["unit"] == "kkn-zone-2" and pt["budget_baht"] == 500000 and pt["lat"] == 16.4
    assert point("kkn-imp-02")["name"] == HOSTILE and point("kkn-imp-02")["province"] == "40"
    # The same file again: every code is taken, nothing written.
    p = run_cli("import", "points", S.dir, good, "--unit", "kkn-zone-2", "--yes", check=False)
    assert p.returncode == 1 and "code_taken" in p.stderr
    assert run_cli("import", "points", S.dir, good, check=False).returncode == 2
    shutil.rmtree(d)


@test
def my_points_today():
    b = Browser(S)
    b.login("watch-01")
    r = b.get("/me/points")
    assert r.status == 200, r


@test
def stop_cleanly():
    assert S.stop() == 0


run()
