"""Procurement risk end to end (CONTRACT.md "Procurement risk"): OCDS import
as a release package, a record package and JSON Lines; a procurement split
over two releases on two lines; the same release twice; a truncated file
and a bad field (exit 1, the line named, nothing stored); the abandonment
list; sodsong flags and the API agree; who may read what."""

import json
import os
import shutil
import tempfile

import io
import zipfile

from sodtest import Browser, Server, db_connect, run, run_cli, test

TMP = tempfile.mkdtemp(prefix="sodsong-proc-")


def path(name, text):
    p = os.path.join(TMP, name)
    with open(p, "w", encoding="utf-8") as f:
        f.write(text)
    return p


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


BUYER = {"id": "TH-G-001", "name": "องค์การบริหารส่วนตำบลท่าจีน"}


def tender_release(ocid, rid="t1", method="open", ref=5000000, start="2025-01-01T09:00:00+07:00",
                   end="2025-01-20T09:00:00+07:00", date="2025-01-01T00:00:00Z"):
    return {"ocid": ocid, "id": rid, "date": date, "tag": ["tender"], "buyer": BUYER,
            "parties": [dict(BUYER, roles=["buyer"], address={"region": "สมุทรสาคร"})],
            "tender": {"id": "t", "title": "ก่อสร้างถนนคอนกรีต " + ocid, "procurementMethod": method,
                       "value": {"amount": ref, "currency": "THB"},
                       "tenderPeriod": {"startDate": start, "endDate": end}}}


def award_release(ocid, rid="a1", amount=4990000, bids=(("S1", 4990000), ("S2", 5100000),
                                                        ("S3", 5200000)),
                  date="2025-02-01T00:00:00Z"):
    return {"ocid": ocid, "id": rid, "date": date, "tag": ["award"],
            "bids": {"details": [{"id": "b%d" % i, "tenderers": [{"id": s, "name": "บริษัท " + s}],
                                  "value": {"amount": a}} for i, (s, a) in enumerate(bids)]},
            "awards": [{"id": "aw1", "status": "active",
                        "suppliers": [{"id": bids[0][0], "name": "บริษัท " + bids[0][0]}],
                        "value": {"amount": amount}}]}


def flags_json(d):
    out = run_cli("flags", d, "--json").stdout
    return {o["ocid"]: o for o in (json.loads(line) for line in out.splitlines() if line)}


@test
def release_package_is_merged_and_flagged():
    d = folder("pkg")
    pkg = {"uri": "https://example.org/pkg", "version": "1.1", "publishedDate": "2025-03-01T00:00:00Z",
           "releases": [tender_release("ocds-a"), award_release("ocds-a")]}
    p = run_cli("procurement", "import", d, path("pkg.json", json.dumps(pkg, ensure_ascii=False)))
    assert "2 releases read" in p.stderr, p.stderr
    got = flags_json(d)
    assert got["ocds-a"]["flags"] == ["near_reference_price"], got
    assert got["ocds-a"]["score"] == 1
    # the plain output: ocid, score, indicators
    out = run_cli("flags", d).stdout
    assert out.startswith("ocds-a\t1\tnear_reference_price"), out
    assert db_count(d, "ocds_releases") == 2 and db_count(d, "procurements") == 1


@test
def record_package_and_json_lines():
    d = folder("rec")
    rec = {"uri": "x", "records": [
        {"ocid": "ocds-r1", "releases": [tender_release("ocds-r1", method="selective"),
                                        award_release("ocds-r1", amount=4000000,
                                                      bids=(("S1", 4000000),))]},
        {"ocid": "ocds-r2", "releases": [{"url": "https://example.org/r2.json", "date": "2025-01-01"}],
         "compiledRelease": dict(tender_release("ocds-r2", rid="compiled"),
                                 **{k: v for k, v in award_release("ocds-r2").items()
                                    if k in ("bids", "awards")})}]}
    run_cli("procurement", "import", d, path("rec.json", json.dumps(rec)))
    got = flags_json(d)
    assert got["ocds-r1"]["flags"] == ["single_bid"], got
    assert "near_reference_price" in got["ocds-r2"]["flags"], got
    # JSON Lines; one procurement split over two lines (tender, then award)
    lines = [tender_release("ocds-l1", start="2025-01-01", end="2025-01-10"),
             tender_release("ocds-l2"), award_release("ocds-l1", amount=3000000)]
    run_cli("procurement", "import", d,
            path("lines.jsonl", "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n"))
    got = flags_json(d)
    assert got["ocds-l1"]["flags"] == ["abnormally_low", "short_tender_period"], got
    assert "ocds-l2" not in got
    assert db_count(d, "procurements") == 4


@test
def an_older_release_arriving_later_does_not_win():
    d = folder("order")
    newer = tender_release("ocds-o", rid="t2", ref=4000000, date="2025-03-01T00:00:00Z")
    older = tender_release("ocds-o", rid="t1", ref=5000000, date="2025-01-01T00:00:00Z")
    run_cli("procurement", "import", d, path("n.jsonl", json.dumps(newer) + "\n"))
    run_cli("procurement", "import", d, path("o.jsonl", json.dumps(older) + "\n"))
    c = db_connect(d)
    ref = c.execute("SELECT tender_amount FROM procurements WHERE ocid='ocds-o'").fetchone()[0]
    c.close()
    assert ref == 400000000, ref  # satang: the newer release's 4,000,000 baht


@test
def the_same_release_twice_is_stored_once():
    d = folder("dup")
    f = path("dup.jsonl", json.dumps(tender_release("ocds-d")) + "\n" +
             json.dumps(tender_release("ocds-d")) + "\n")
    p = run_cli("procurement", "import", d, f)
    assert "1 already stored" in p.stderr, p.stderr
    p = run_cli("procurement", "import", d, f)
    assert "2 already stored" in p.stderr, p.stderr
    assert db_count(d, "ocds_releases") == 1 and db_count(d, "procurements") == 1


@test
def bad_files_store_nothing_and_name_the_line():
    d = folder("bad")
    good = json.dumps(tender_release("ocds-g"))
    # truncated on line 3
    text = good + "\n" + json.dumps(tender_release("ocds-h")) + "\n" + good[:40]
    p = run_cli("procurement", "import", d, path("trunc.jsonl", text), check=False)
    assert p.returncode == 1, p
    assert "line 3" in p.stderr and "nothing imported" in p.stderr, p.stderr
    # a wrong type: the line and the field
    bad = tender_release("ocds-b")
    bad["tender"]["value"]["amount"] = "5,000,000"
    p = run_cli("procurement", "import", d,
                path("type.jsonl", good + "\n" + json.dumps(bad) + "\n"), check=False)
    assert p.returncode == 1
    assert "line 2" in p.stderr and "tender.value.amount" in p.stderr, p.stderr
    # no ocid, a bad date, not JSON, an empty file, malformed UTF-8
    for name, text, words in [
            ("noocid", '{"id":"x","date":"2025-01-01"}\n', "ocid"),
            ("date", '{"ocid":"o","id":"x","date":"20 พ.ย. 68"}\n', "date"),
            ("garbage", "hello\n", "not valid JSON"),
            ("empty", "", "no release"),
            ("array", "[1,2,3]\n", "objects")]:
        p = run_cli("procurement", "import", d, path(name, text), check=False)
        assert p.returncode == 1 and words in p.stderr, (name, p.stderr)
    with open(os.path.join(TMP, "utf8.jsonl"), "wb") as f:
        f.write(b'{"ocid":"o\xff","id":"x","date":"2025-01-01"}\n')
    p = run_cli("procurement", "import", d, os.path.join(TMP, "utf8.jsonl"), check=False)
    assert p.returncode == 1 and "line 1" in p.stderr, p.stderr
    assert db_count(d, "ocds_releases") == 0 and db_count(d, "procurements") == 0
    # usage errors
    assert run_cli("procurement", "import", d, check=False).returncode == 2
    assert run_cli("procurement", "import", d, path("x", good), "--format", "xml",
                   check=False).returncode == 2
    assert run_cli("procurement", "export", d, check=False).returncode == 2
    assert run_cli("flags", check=False).returncode == 2
    assert run_cli("procurement", "import", d, os.path.join(TMP, "missing"),
                   check=False).returncode == 1


@test
def abandonment_list_and_parameters_in_the_conf():
    d = folder("bl")
    rel = award_release("ocds-w", amount=4000000, bids=(("S9", 4000000), ("S2", 4500000), ("S3", 4600000)))
    rel["parties"] = [{"id": "S9", "name": "หจก. ทิ้งงาน", "identifier": {"id": "0745550000011"},
                       "roles": ["supplier"]}]
    run_cli("procurement", "import", d,
            path("w.jsonl", json.dumps(tender_release("ocds-w")) + "\n" + json.dumps(rel) + "\n"))
    assert "ocds-w" not in flags_json(d)
    p = run_cli("procurement", "import", d,
                path("bl.csv", "tax_id,name,listed_on\n0745550000011,หจก. ทิ้งงาน,2024-05-01\n"),
                "--format", "blacklist")
    assert "1 entries" in p.stderr, p.stderr
    assert flags_json(d)["ocds-w"]["flags"] == ["blacklisted_supplier"]
    p = run_cli("procurement", "import", d, path("bl2.csv", "tax_id,name\n12345,x\n"),
                "--format", "blacklist", check=False)
    assert p.returncode == 1 and "line 2" in p.stderr and "tax_id" in p.stderr, p.stderr
    # a parameter in sodsong.conf changes the outcome; a typo is an error
    with open(os.path.join(d, "sodsong.conf"), "a") as f:
        f.write("\nflag_abnormally_low_percent = 85\n")
    assert "abnormally_low" in flags_json(d)["ocds-w"]["flags"]
    with open(os.path.join(d, "sodsong.conf"), "a") as f:
        f.write("flag_abnormaly_low_percent = 85\n")
    p = run_cli("flags", d, check=False)
    assert p.returncode == 2 and "sodsong.conf" in p.stderr, p.stderr


CGD_HEAD = ("project_id,budget_year,project_name,project_money,price_build,purchase_method_name,"
            "dept_name,province,district,winner,winner_tin,contract_no,contract_date,"
            "contract_price_agree\n")


GOOD_ROW = '9,2568,ซื้อวัสดุ,1,1,เฉพาะเจาะจง,อบต.,สมุทรสาคร,,ร้าน,,1,1 เม.ย. 68,1\n'


@test
def thai_open_data_csv():
    d = folder("csv")
    text = CGD_HEAD + (
        '68019000001,2568,ก่อสร้างถนน คสล. หมู่ 3,"5,000,000.00","5,000,000.00",'
        'ประกวดราคาอิเล็กทรอนิกส์ (e-bidding),อบต. ท่าจีน,สมุทรสาคร,เมืองสมุทรสาคร,'
        'หจก. ทดสอบ,0745550000011,1/2568,20 พ.ย. 67,"4,990,000.00"\n'
        '68019000002,2568,ซื้อวัสดุสำนักงาน,"450,000","450,000",เฉพาะเจาะจง,อบต. ท่าจีน,'
        'สมุทรสาคร,เมืองสมุทรสาคร,ร้าน ก,0745550000029,2/2568,๓๐ ก.ย. ๖๘,"๔๔๙,๐๐๐"\n'
        # a second contract of the first project merges into it
        '68019000001,2568,ก่อสร้างถนน คสล. หมู่ 3,"5,000,000.00","5,000,000.00",'
        'ประกวดราคาอิเล็กทรอนิกส์ (e-bidding),อบต. ท่าจีน,สมุทรสาคร,เมืองสมุทรสาคร,'
        'หจก. ทดสอบ,0745550000011,1/2568-2,1 ธ.ค. 67,"10,000"\n')
    p = run_cli("procurement", "import", d, path("cgd.csv", text), "--format", "csv")
    assert "3 releases read" in p.stderr, p.stderr
    got = flags_json(d)
    assert got["cgd-68019000002"]["flags"] == ["near_reference_price", "year_end_direct"], got
    assert db_count(d, "procurements") == 2 and db_count(d, "proc_contracts") == 3
    c = db_connect(d)
    row = c.execute("SELECT method, tender_amount, province, fiscal_year FROM procurements "
                    "WHERE ocid = 'cgd-68019000001'").fetchone()
    c.close()
    assert row == ("open", 500000000, "สมุทรสาคร", 2568), row
    # bad rows: the line and the column named, nothing stored
    for name, row, field in [
            ("date", '1,2568,x,1,1,เฉพาะเจาะจง,อบต.,สมุทรสาคร,,ร้าน,,1,31 เม.ย. 68,"1"', "contract_date"),
            ("amount", '1,2568,x,"12,34",1,เฉพาะเจาะจง,อบต.,สมุทรสาคร,,ร้าน,,1,1 เม.ย. 68,1',
             "project_money"),
            ("tin", '1,2568,x,1,1,เฉพาะเจาะจง,อบต.,สมุทรสาคร,,ร้าน,123,1,1 เม.ย. 68,1', "winner_tin"),
            ("noid", ',2568,x,1,1,เฉพาะเจาะจง,อบต.,สมุทรสาคร,,ร้าน,,1,1 เม.ย. 68,1', "project_id")]:
        e = folder("csvbad-" + name)
        p = run_cli("procurement", "import", e,
                    path(name + ".csv", CGD_HEAD + GOOD_ROW + row + "\n"), "--format", "csv",
                    check=False)
        assert p.returncode == 1 and "line 3" in p.stderr and field in p.stderr, (name, p.stderr)
        assert db_count(e, "procurements") == 0 and db_count(e, "ocds_releases") == 0
    p = run_cli("procurement", "import", d, path("nohead.csv", "a,b\n1,2\n"), "--format", "csv",
                check=False)
    assert p.returncode == 1 and "project_id" in p.stderr and "line 1" in p.stderr, p.stderr


@test
def api_agrees_with_the_cli_and_is_for_staff():
    s = Server()
    try:
        lines = [tender_release("ocds-p1"), award_release("ocds-p1"),
                 tender_release("ocds-p2", method="selective"),
                 award_release("ocds-p2", amount=2000000, bids=(("S1", 2000000),)),
                 tender_release("ocds-p3")]
        run_cli("procurement", "import", s.dir,
                path("api.jsonl", "\n".join(json.dumps(x, ensure_ascii=False) for x in lines)))
        cli = flags_json(s.dir)
        s.add_user("sup", "supervisor")
        s.add_user("off", "officer")
        s.add_user("mon", "monitor")
        s.start()
        # the indicators are public
        r = s.get("/api/v1/flags")
        assert r.status == 200
        ids = [x["id"] for x in r.json()]
        assert ids == ["single_bid", "few_bids", "short_tender_period", "near_reference_price",
                       "above_reference_price", "abnormally_low", "contract_above_award",
                       "identical_bids", "late_bid_won", "shared_contact", "year_end_direct",
                       "split_purchase", "blacklisted_supplier", "winner_share_outlier"], ids
        near = [x for x in r.json() if x["id"] == "near_reference_price"][0]
        assert near["parameters"] == {"flag_near_reference_min_percent": 99,
                                      "flag_near_reference_max_percent": 100}, near
        assert near["name_th"] and near["description_th"] and near["phase"] == "award"
        # lists and flags are for officers and supervisors
        assert s.get("/api/v1/procurements").status == 401
        assert s.get("/api/v1/procurements/ocds-p1").status == 401
        mon = s.token("mon")
        assert s.get("/api/v1/procurements",
                     headers={"Authorization": "Bearer " + mon}).status == 403
        for who in ("off", "sup"):
            h = {"Authorization": "Bearer " + s.token(who)}
            r = s.get("/api/v1/procurements", headers=h)
            assert r.status == 200, r
            body = r.json()
            assert body["total"] == 3
            api = {x["ocid"]: x for x in body["items"] if x["score"] > 0}
            assert {k: (v["flags"], v["score"]) for k, v in api.items()} == \
                   {k: (v["flags"], v["score"]) for k, v in cli.items()}, (api, cli)
            # riskiest first
            scores = [x["score"] for x in body["items"]]
            assert scores == sorted(scores, reverse=True)
            assert body["items"][0]["buyer"] == BUYER["name"]
        # filters
        r = s.get("/api/v1/procurements?flag=single_bid", headers=h).json()
        assert [x["ocid"] for x in r["items"]] == ["ocds-p2"], r
        r = s.get("/api/v1/procurements?min_score=1&limit=1", headers=h).json()
        assert r["total"] == 2 and len(r["items"]) == 1
        r = s.get("/api/v1/procurements?supplier=S1&province=%E0%B8%AA%E0%B8%A1%E0%B8%B8%E0%B8%97"
                  "%E0%B8%A3%E0%B8%AA%E0%B8%B2%E0%B8%84%E0%B8%A3", headers=h).json()
        assert r["total"] == 2, r
        r = s.get("/api/v1/procurements?year=2568", headers=h).json()
        assert r["total"] == 3, r
        for q, field in [("flag=nonsense", "flag"), ("min_score=15", "min_score"),
                         ("min_score=x", "min_score"), ("limit=0", "limit"),
                         ("year=99", "year"), ("min_amount=-1", "min_amount"),
                         ("buyer=" + "x" * 300, "buyer")]:
            r = s.get("/api/v1/procurements?" + q, headers=h)
            assert r.status == 400 and r.json()["error"]["field"] == field, (q, r)
        # one procurement with its facts
        r = s.get("/api/v1/procurements/ocds-p1", headers=h)
        assert r.status == 200
        p = r.json()
        assert p["reference_amount"] == 5000000 and p["amount"] == 4990000
        assert [f["id"] for f in p["flags"]] == ["near_reference_price"]
        assert p["flags"][0]["facts"] == \
            "ราคาที่ชนะ 4,990,000 บาท = 99.8 % ของราคากลาง 5,000,000 บาท", p["flags"][0]
        assert "ไม่ใช่หลักฐาน" in p["disclaimer"]
        assert len(p["bids"]) == 3 and p["awards"][0]["supplier"]["id"] == "S1"
        assert s.get("/api/v1/procurements/ocds-none", headers=h).status == 404
        r = s.get("/api/v1/procurements/ocds-p1?lang=en", headers=h)
        assert "not proof" in r.json()["disclaimer"]
    finally:
        s.close()


@test
def pages_show_flags_with_the_disclaimer_and_export():
    s = Server()
    try:
        lines = [tender_release("ocds-q1"), award_release("ocds-q1"),
                 tender_release("ocds-q2", method="selective"),
                 award_release("ocds-q2", amount=2000000, bids=(("S1", 2000000),),
                               date="2025-03-05T00:00:00Z"),
                 tender_release("ocds-q3", ref=100)]
        run_cli("procurement", "import", s.dir,
                path("pages.jsonl", "\n".join(json.dumps(x, ensure_ascii=False) for x in lines)))
        s.add_user("off", "officer")
        s.add_user("mon", "monitor")
        s.start()
        anon = Browser(s)
        r = anon.get("/procurements")
        assert r.status in (302, 303, 401), r
        mon = Browser(s)
        mon.login("mon")
        assert mon.get("/procurements").status == 403
        b = Browser(s)
        b.login("off")
        r = b.get("/procurements")
        assert r.status == 200, r
        t = r.text
        assert "ไม่ใช่หลักฐาน" in t and 'id="disclaimer"' in t
        assert t.index("ocds-q1") < t.index("ocds-q3")  # flagged first
        assert "ราคาที่ชนะใกล้ราคากลาง" in t and "<svg" in t and "<rect" in t
        r = b.get("/procurements?flag=single_bid")
        assert "ocds-q2" in r.text and "ocds-q1" not in r.text
        r = b.get("/procurements?min_score=abc")
        assert r.status == 400
        # hostile text in a filter comes back escaped
        r = b.get("/procurements?buyer=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
        assert r.status == 200 and "<script>alert" not in r.text
        r = b.get("/procurements/ocds-q1")
        assert r.status == 200
        assert "ราคาที่ชนะ 4,990,000 บาท = 99.8 % ของราคากลาง 5,000,000 บาท" in r.text
        assert "ไม่ใช่หลักฐาน" in r.text
        assert b.get("/procurements/ocds-zz").status == 404
        r = b.get("/buyers/TH-G-001")
        assert r.status == 200 and "ocds-q1" in r.text and "id=\"suppliers\"" in r.text
        assert "ไม่ใช่หลักฐาน" in r.text
        r = b.get("/suppliers/S1")
        assert r.status == 200 and "ocds-q1" in r.text and "co-bidders" in r.text
        r = b.get("/procurements?lang=en")
        assert "not proof of corruption" in r.text
        # exports of the filtered list
        r = b.get("/procurements/export.csv?min_score=1")
        assert r.status == 200 and r.header("Content-Type").startswith("text/csv")
        rows = r.body.decode("utf-8-sig").strip().splitlines()
        assert len(rows) == 3 and "ocds-q1" in r.text and "ocds-q3" not in r.text, rows
        r = b.get("/procurements/export.xlsx?flag=single_bid")
        assert r.status == 200
        z = zipfile.ZipFile(io.BytesIO(r.body))
        strings = z.read("xl/sharedStrings.xml").decode()
        assert "ocds-q2" in strings and "ocds-q1" not in strings
        assert b.get("/procurements/export.csv?flag=bogus").status == 400
    finally:
        s.close()


def multipart(b, path_, fields, filename, content):
    bound = "----sodsongtest"
    parts = []
    for k, v in fields.items():
        parts.append('--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n'
                     % (bound, k, v))
    body = "".join(parts).encode() + (
        '--%s\r\nContent-Disposition: form-data; name="file"; filename="%s"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n" % (bound, filename)).encode() + \
        content + ("\r\n--%s--\r\n" % bound).encode()
    return b._keep(b.s.request("POST", path_, body=body, headers=b._headers(
        {"Content-Type": "multipart/form-data; boundary=" + bound})))


@test
def supervisors_upload_with_the_same_rules():
    s = Server()
    try:
        s.add_user("sup", "supervisor")
        s.add_user("off", "officer")
        s.start()
        off = Browser(s)
        off.login("off")
        assert off.get("/procurements/import").status == 403
        r = multipart(off, "/procurements/import", {"csrf": off.csrf, "format": "ocds"}, "a.jsonl",
                      b"{}")
        assert r.status == 403
        b = Browser(s)
        b.login("sup")
        r = b.get("/procurements/import")
        assert r.status == 200 and 'enctype="multipart/form-data"' in r.text
        good = "\n".join(json.dumps(x) for x in [tender_release("ocds-u1"),
                                                  award_release("ocds-u1")]).encode()
        # without the CSRF token: refused
        r = multipart(b, "/procurements/import", {"format": "ocds"}, "a.jsonl", good)
        assert r.status in (400, 403), r
        # a truncated file: the line named, nothing stored
        r = multipart(b, "/procurements/import", {"csrf": b.csrf, "format": "ocds"}, "t.jsonl",
                      good[:-30])
        assert r.status == 400 and "บรรทัดที่ 2" in r.text, r.text[-800:]
        assert db_count(s.dir, "procurements") == 0
        r = multipart(b, "/procurements/import", {"csrf": b.csrf, "format": "xml"}, "a.jsonl", good)
        assert r.status == 400
        r = multipart(b, "/procurements/import", {"csrf": b.csrf, "format": "ocds"}, "a.jsonl", good)
        assert r.status == 200 and 'id="result"' in r.text, r.text[-800:]
        assert db_count(s.dir, "procurements") == 1
        r = multipart(b, "/procurements/import", {"csrf": b.csrf, "format": "csv"}, "c.csv",
                      (CGD_HEAD + GOOD_ROW).encode())
        assert r.status == 200, r.text[-800:]
        assert db_count(s.dir, "procurements") == 2
        r = b.get("/procurements/ocds-u1")
        assert "ราคาที่ชนะใกล้ราคากลาง" in r.text
    finally:
        s.close()


try:
    run()
finally:
    shutil.rmtree(TMP, ignore_errors=True)
