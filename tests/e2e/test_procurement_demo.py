"""Procurement risk with the demo data: the invented Samut Sakhon procurements
are the same every run and raise every indicator; a case opened from a
procurement carries its flags and stays in its line."""

import json
import os
import shutil
import tempfile

from sodtest import Browser, Server, db_connect, run, run_cli, test

TMP = tempfile.mkdtemp(prefix="sodsong-procdemo-")


def folder(name):
    d = os.path.join(TMP, name)
    run_cli("init", d, "--recovery-key-file", d + ".rk")
    return d


def db_count(d, table):
    c = db_connect(d)
    try:
        return c.execute("SELECT count(*) FROM " + table).fetchone()[0]
    finally:
        c.close()


def flags_json(d):
    out = run_cli("flags", d, "--json").stdout
    return {o["ocid"]: o for o in (json.loads(line) for line in out.splitlines() if line)}


@test
def demo_has_a_realistic_mix_and_is_the_same_every_run():
    outs = []
    for name in ("demo1", "demo2"):
        d = folder(name)
        run_cli("demo", d)
        outs.append(run_cli("flags", d, "--json").stdout)
    assert outs[0] == outs[1]
    got = [json.loads(line) for line in outs[0].splitlines()]
    seen = {f for o in got for f in o["flags"]}
    assert len(seen) == 14, seen
    assert all(o["ocid"].startswith("ocds-sks-68-") for o in got)
    total = db_count(os.path.join(TMP, "demo1"), "procurements")
    assert 200 <= total <= 500 and len(got) < total * 0.7, (total, len(got))


@test
def a_case_opened_from_a_procurement_carries_its_flags():
    s = Server(demo=True)
    try:
        s.add_user("off-r7", "officer", unit="pacc-r7")
        s.add_user("off-mol", "officer", unit="mol")
        s.start()
        for u in ("off-r7", "off-mol"):
            s.token(u)
        s.grant_keys()
        got = flags_json(s.dir)
        ocid = next(o for o, v in got.items() if "blacklisted_supplier" in v["flags"])
        b = Browser(s)
        b.login("off-r7")
        r = b.get("/procurements/" + ocid)
        assert r.status == 200 and 'value="pacc-r7"' in r.text, r.text[-1500:]
        # without the CSRF token, another line's unit, an unknown unit or ocid: refused
        r = b.post("/procurements/%s/case" % ocid, {"unit": "pacc-r7"}, csrf=False)
        assert r.status == 403, r
        assert b.post("/procurements/%s/case" % ocid, {"unit": "mol"}).status == 403
        assert b.post("/procurements/%s/case" % ocid, {"unit": "nowhere"}).status == 400
        assert b.post("/procurements/ocds-none/case", {"unit": "pacc-r7"}).status == 404
        r = b.post("/procurements/%s/case" % ocid, {"unit": "pacc-r7"})
        assert r.status == 303 and r.header("Location").startswith("/cases/"), r
        cid = int(r.header("Location").rsplit("/", 1)[1])
        h = {"Authorization": "Bearer " + s.token("off-r7")}
        c = s.get("/api/v1/cases/%d" % cid, headers=h)
        assert c.status == 200, c
        tip = s.get("/api/v1/tips/%d" % c.json()["tips"][0], headers=h).json()
        assert tip["category"] == "procurement"
        assert ocid in tip["description"] and "ผู้ทิ้งงาน" in tip["description"], tip
        # another line does not see it
        other = {"Authorization": "Bearer " + s.token("off-mol")}
        assert s.get("/api/v1/cases/%d" % cid, headers=other).status == 404
    finally:
        s.close()


try:
    run()
finally:
    shutil.rmtree(TMP, ignore_errors=True)
