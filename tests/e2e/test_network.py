"""The networks: demo numbers, member lists and who sees contact details,
import (preview names bad rows, confirm writes all or nothing), PDPA export
and erasure, self-service, sub-units."""

import io
import json
import os
import re
import zipfile

from sodtest import PASSWORD, Browser, Server, db_connect, run, run_cli, test

S = Server(demo=True)
S.add_user("kkn-coord", "coordinator", unit="kkn-net", name="ผู้ประสานงานขอนแก่น")
S.add_user("mol-coord", "coordinator", unit="mol-eyes")
S.add_user("kkn-watch", "monitor", unit="kkn-net")
S.add_user("root-admin", "admin")
S.add_user("kkn-super", "supervisor", unit="kkn-net")
S.start()
KKN = {"Authorization": "Bearer " + S.token("kkn-coord")}
MOL = {"Authorization": "Bearer " + S.token("mol-coord")}
WATCH = {"Authorization": "Bearer " + S.token("kkn-watch")}
ADMIN = {"Authorization": "Bearer " + S.token("root-admin")}


def counts(code, auth=ADMIN):
    r = S.get("/api/v1/units/" + code, headers=auth)
    assert r.status == 200, r
    return r.json()["counts"]


def members(code, auth, **q):
    qs = "&".join("%s=%s" % kv for kv in q.items())
    return S.get("/api/v1/units/%s/members?%s" % (code, qs), headers=auth)


def coordinator(name="kkn-coord"):
    b = Browser(S)
    assert b.login(name).status == 303
    return b


def multipart(fields, filename, content, ctype="text/csv"):
    boundary = "----sodsongtest7d1a"
    out = io.BytesIO()
    for k, v in fields.items():
        out.write(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                   % (boundary, k, v)).encode())
    out.write(("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
               "Content-Type: %s\r\n\r\n" % (boundary, filename, ctype)).encode())
    out.write(content)
    out.write(("\r\n--%s--\r\n" % boundary).encode())
    return out.getvalue(), "multipart/form-data; boundary=" + boundary


def upload(b, unit, filename, content, ctype="text/csv"):
    page = b.get("/units/%s/import" % unit)
    assert page.status == 200, page
    b.page_csrf(page)
    body, ct = multipart({"csrf": b.csrf}, filename, content, ctype)
    return b._keep(S.request("POST", "/units/%s/import" % unit, body=body,
                             headers=b._headers({"Content-Type": ct})))


@test
def demo_has_the_contract_numbers():
    assert counts("moj-amjl")["members"] == 619
    assert counts("mol-eyes")["members"] == 78
    c = counts("kkn-net")
    assert c["members_in_subtree"] == 8 * 20 + 30 * 5, c
    for z in range(1, 9):
        assert counts("kkn-zone-%d" % z)["members"] == 20
    assert counts("kkn-team-07")["members"] == 5
    assert c["monitoring_points"] == 300  # 30 teams × 2 days × 5 points
    assert counts("kkn-team-07")["monitoring_points"] == 10
    kinds = {}
    offset = 0
    while True:
        r = members("moj-amjl", ADMIN, limit=200, offset=offset).json()
        for m in r["items"]:
            kinds[m["kind"]] = kinds.get(m["kind"], 0) + 1
        offset += 200
        if offset >= r["total"]:
            break
    assert set(kinds) == {"executive", "official", "staff", "outsider"}, kinds
    assert sum(kinds.values()) == 619


@test
def contact_details_only_for_managers_of_the_line():
    r = members("kkn-team-01", KKN, limit=5)
    assert r.status == 200
    m = r.json()["items"][0]
    assert re.match(r"^0\d{1,2}-\d{3}-\d{4}$", m["phone"]), m
    assert m["email"].endswith("@example.org")
    r = members("kkn-team-01", WATCH, limit=5)
    assert r.status == 200
    assert "phone" not in r.json()["items"][0] and "email" not in r.json()["items"][0]
    # Another network: not even the names.
    assert members("mol-eyes", KKN).status == 403
    pid = members("mol-eyes", MOL, limit=1).json()["items"][0]["id"]
    assert S.get("/api/v1/people/%d" % pid, headers=KKN).status == 403
    assert S.get("/api/v1/people/%d" % pid, headers=MOL).json().get("phone")
    b = coordinator()
    assert b.get("/people/%d" % pid).status == 403
    assert b.get("/people/%d/export" % pid).status == 403
    page = b.get("/units/kkn-zone-1").text
    assert "@example.org" in page


@test
def unit_page_shows_the_tree_with_counts():
    b = coordinator()
    r = b.get("/units/kkn-net")
    assert r.status == 200
    assert 'id="members-subtree">310<' in r.text
    assert "kkn-zone-3" in r.text
    r = b.get("/units/mol-eyes")
    assert r.status == 403
    assert b.get("/units/nowhere").status == 404


@test
def import_preview_names_bad_rows_and_writes_nothing():
    b = coordinator()
    before = counts("kkn-team-02")["members"]
    csv = ("ชื่อ,นามสกุล,โทรศัพท์,เลขประจำตัวประชาชน,อำเภอ,จังหวัด,ประเภท\n"
           "วันดี,มีสุข,089-111-2222,1112034563562,4001,40,ผู้นำชุมชน\n"
           ",ไม่มีชื่อ,089-111-3333,,,,\n"
           "บุญมี,ใจกล้า,12345,,,,\n"
           "สมปอง,รักดี,089-111-4444,1112034563563,,,\n"
           "มานะ,อดทน,089-111-5555,,4101,40,\n"
           "ชูใจ,ใจดี,089-111-2222,,,,\n").encode("utf-8")
    r = upload(b, "kkn-team-02", "members.csv", csv)
    assert r.status == 422, r
    rows = re.findall(r"<tr><td class=\"num\">(\d+)</td><td>[^<]*</td><td>([^<]*)</td>"
                      r"<td>([^<]*)</td></tr>", r.text)
    bad = {int(line): (col, why) for line, col, why in rows}
    assert set(bad) == {3, 4, 5, 6, 7}, bad
    assert "ชื่อ" in bad[3][0]
    assert "โทรศัพท์" in bad[4][1]
    assert "เลขตรวจสอบ" in bad[5][1]
    assert "อำเภอ" in bad[6][1]
    assert "2" in bad[7][1]  # same phone as line 2
    assert 'name="batch"' not in r.text  # nothing to confirm
    assert counts("kkn-team-02")["members"] == before


@test
def import_confirm_writes_all_rows():
    b = coordinator()
    before = counts("kkn-team-03")["members"]
    lines = ["given_th,family_th,given_en,family_en,phone,kind,role,joined_on,consent"]
    for i in range(40):
        lines.append("ทดสอบ%d,นำเข้า,Test%d,Import,06%08d,volunteer,member,2025-10-01,yes"
                     % (i, i, 12340000 + i))
    r = upload(b, "kkn-team-03", "ok.csv", ("\n".join(lines) + "\n").encode())
    assert r.status == 200, r
    assert 'id="good">40<' in r.text
    batch = re.search(r'name="batch" value="([^"]+)"', r.text).group(1)
    staged = os.listdir(os.path.join(S.dir, "staging"))
    assert len(staged) == 1
    with open(os.path.join(S.dir, "staging", staged[0]), "rb") as f:
        assert "ทดสอบ".encode() not in f.read()  # staged encrypted
    assert counts("kkn-team-03")["members"] == before  # not yet
    r = b.post("/units/kkn-team-03/import/confirm", {"batch": batch})
    assert r.status == 303, r
    assert counts("kkn-team-03")["members"] == before + 40
    assert os.listdir(os.path.join(S.dir, "staging")) == []
    # The token is spent; a forged one finds nothing.
    assert b.post("/units/kkn-team-03/import/confirm", {"batch": batch}).status == 404
    assert b.post("/units/kkn-team-03/import/confirm", {"batch": "x" * 43}).status == 404
    # Importing the same people again links them instead of duplicating.
    r = upload(b, "kkn-team-04", "ok.csv", ("\n".join(lines) + "\n").encode())
    assert "40</strong>" in r.text.replace('id="good">', "") or r.status == 200
    batch = re.search(r'name="batch" value="([^"]+)"', r.text).group(1)
    assert b.post("/units/kkn-team-04/import/confirm", {"batch": batch}).status == 303
    hits = S.get("/api/v1/people?q=test7%20import", headers=KKN).json()
    assert hits["total"] == 1, hits


def xlsx(rows):
    """A minimal .xlsx (shared strings, one sheet) written by hand."""
    strings, sheet = [], []
    for r, row in enumerate(rows, 1):
        cells = []
        for c, v in enumerate(row):
            ref = "%s%d" % ("ABCDEFGHIJ"[c], r)
            if isinstance(v, int):
                cells.append('<c r="%s"><v>%d</v></c>' % (ref, v))
            else:
                strings.append(v)
                cells.append('<c r="%s" t="s"><v>%d</v></c>' % (ref, len(strings) - 1))
        sheet.append('<row r="%d">%s</row>' % (r, "".join(cells)))
    esc = lambda s: s.replace("&", "&amp;").replace("<", "&lt;")
    files = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/sharedStrings.xml": '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">%s</sst>' % "".join("<si><t>%s</t></si>" % esc(s) for s in strings),
        "xl/worksheets/sheet1.xml": '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>%s</sheetData></worksheet>' % "".join(sheet),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)
    return out.getvalue()


@test
def import_from_xlsx():
    b = coordinator()
    before = counts("kkn-team-05")["members"]
    data = xlsx([["ชื่อ", "นามสกุล", "เลขประจำตัวประชาชน", "โทรศัพท์"],
                 ["ดวงใจ", "ศรีสุข", 1101700203450, "0861112233"],
                 ["ประยูร", "ทองดี", "", "0861112244"]])
    r = upload(b, "kkn-team-05", "members.xlsx", data,
               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert r.status == 200, r.text[-2000:]
    batch = re.search(r'name="batch" value="([^"]+)"', r.text).group(1)
    assert b.post("/units/kkn-team-05/import/confirm", {"batch": batch}).status == 303
    assert counts("kkn-team-05")["members"] == before + 2
    r = upload(b, "kkn-team-05", "broken.xlsx", b"PK\x03\x04not really a zip")
    assert r.status == 400 and "อ่านไฟล์ไม่ได้" in r.text


@test
def cli_import_is_all_or_nothing():
    path = os.path.join(S.tmp, "cli.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("given_th,family_th,phone\nก้อง,เก่ง,0891230001\nขวัญ,ดี,not-a-phone\n")
    before = counts("mol-eyes")["members"]
    p = run_cli("import", "members", S.dir, path, "--unit", "mol-eyes", "--yes", check=False)
    assert p.returncode == 1 and "line 3" in p.stderr and "phone" in p.stderr, p.stderr
    assert counts("mol-eyes")["members"] == before
    with open(path, "w", encoding="utf-8") as f:
        f.write("given_th,family_th,phone\nก้อง,เก่ง,0891230001\nขวัญ,ดี,0891230002\n")
    p = run_cli("import", "members", S.dir, path, "--unit", "mol-eyes", check=False)
    assert p.returncode == 1 and "nothing imported" in p.stderr  # no terminal: no yes
    p = run_cli("import", "members", S.dir, path, "--unit", "mol-eyes", "--yes")
    assert "2 new people" in p.stderr
    assert counts("mol-eyes")["members"] == before + 2
    p = run_cli("import", "members", S.dir, path, check=False)
    assert p.returncode == 2


@test
def erasure_keeps_counts_and_removes_the_person():
    b = coordinator()
    page = b.get("/units/kkn-team-06")
    pid = int(re.search(r'href="/people/(\d+)"', page.text).group(1))
    before = counts("kkn-team-06")["members"]
    person = S.get("/api/v1/people/%d" % pid, headers=KKN).json()
    name = person["given_th"]
    export = b.get("/people/%d/export" % pid)
    assert export.status == 200
    assert "attachment" in export.header("Content-Disposition")
    data = export.json()
    assert data["given_th"] == name and data["memberships"][0]["unit"] == "kkn-team-06"
    b.page_csrf(b.get("/people/%d" % pid))
    assert b.post("/people/%d/erase" % pid, {}).status == 400  # not confirmed
    assert b.post("/people/%d/erase" % pid, {"confirm": "1"}).status == 303
    assert S.get("/api/v1/people/%d" % pid, headers=KKN).status == 404
    assert counts("kkn-team-06")["members"] == before
    listed = members("kkn-team-06", KKN, limit=50).json()
    assert all(m["id"] != pid for m in listed["items"]) and listed["total"] == before - 1
    db = db_connect(S.dir)
    row = db.execute("select given_th, phone, email, cid_sealed from people where id=?",
                     (pid,)).fetchone()
    db.close()
    assert row == ("", None, None, None), row


@test
def citizen_ids_are_not_readable_from_the_database():
    db = db_connect(S.dir)
    sealed = db.execute("select cid_sealed from people where cid_sealed is not null "
                        "limit 1").fetchone()[0]
    dump = "\n".join(db.iterdump())
    db.close()
    assert "1112034563562" not in dump and "1101700203450" not in dump
    assert not re.search(r"[^0-9][1-8]\d{12}[^0-9]", sealed)


@test
def member_self_service_and_announcements():
    S.add_user("member1", "monitor", unit="kkn-team-08")
    b = coordinator()
    page = b.get("/units/kkn-team-08")
    b.page_csrf(page)
    pid = int(re.search(r'href="/people/(\d+)"', page.text).group(1))
    assert b.post("/people/%d/account" % pid, {"username": "nobody"}).status == 400
    assert b.post("/people/%d/account" % pid, {"username": "member1"}).status == 303
    r = b.post("/units/kkn-net/announcements", {"title": "ประชุมใหญ่ <ทุกโซน>",
                                                 "body": "วันเสาร์นี้ 09.00 น."})
    assert r.status == 303
    m = Browser(S)
    m.login("member1")
    me = m.get("/me")
    assert me.status == 200
    assert "ประชุมใหญ่ &lt;ทุกโซน&gt;" in me.text
    assert "รอบเฝ้าระวังจุดตรวจประจำไตรมาส" in me.text  # the demo's network news
    assert "ดวงตาแรงงาน" not in me.text  # not another network's
    m.page_csrf(me)
    r = m.post("/me/contact", {"phone": "+66 81 999 8877", "email": "me@example.org"})
    assert r.status == 303, r
    assert S.get("/api/v1/people/%d" % pid, headers=KKN).json()["phone"] == "081-999-8877"
    r = m.post("/me/contact", {"phone": "123"})
    assert r.status == 400 and "โทรศัพท์" in r.text


@test
def coordinators_add_subunits_and_members_admins_move_and_close():
    b = coordinator()
    b.page_csrf(b.get("/units/kkn-zone-2"))
    r = b.post("/units/kkn-zone-2/units", {"code": "kkn-team-99", "kind": "team",
                                            "name_th": "ทีมใหม่", "name_en": "New team"})
    assert r.status == 303, r
    r = b.post("/units/kkn-zone-2/units", {"code": "kkn-evil", "kind": "ministry_acoc",
                                            "name_th": "x", "name_en": "x"})
    assert r.status == 400
    r = b.post("/units/kkn-team-99/members", {"given_th": "ใหม่", "family_th": "สมาชิก",
                                               "kind": "volunteer", "role": "leader",
                                               "phone": "0899990000"})
    assert r.status == 303, r
    r = b.post("/units/kkn-team-99/members", {"given_th": "ซ้ำ", "family_th": "เบอร์",
                                               "kind": "volunteer", "role": "member",
                                               "phone": "089-999-0000"})
    assert r.status == 409 and "ซ้ำ" in r.text
    assert counts("kkn-team-99")["members"] == 1
    assert b.post("/units/kkn-team-99/edit", {"name_th": "x"}).status == 403
    a = Browser(S)
    a.login("root-admin")
    a.page_csrf(a.get("/units/kkn-team-99"))
    assert a.post("/units/kkn-net/edit", {"parent": "kkn-team-99"}).status == 400
    r = a.post("/units/kkn-team-99/edit", {"parent": "kkn-zone-3", "name_en": "Moved team"})
    assert r.status == 303 and r.header("Location") == "/units/kkn-team-99?pending=1", r
    u = S.get("/api/v1/units/kkn-team-99", headers=ADMIN).json()
    # The name is changed at once; the move waits for a supervisor (scope-confirm).
    assert u["parent"] == "kkn-zone-2" and u["name_en"] == "Moved team"
    sup = S.token("kkn-super")
    items = S.get("/api/v1/unit-changes", headers={"Authorization": "Bearer " + sup}).json()["items"]
    change = [c for c in items if c["unit"] == "kkn-team-99"][0]
    assert change["kind"] == "move" and change["new_parent"] == "kkn-zone-3"
    r = S.post_json("/api/v1/unit-changes/%d/decision" % change["id"], {"decision": "confirm"},
                    token=sup)
    assert r.status == 200, r
    u = S.get("/api/v1/units/kkn-team-99", headers=ADMIN).json()
    assert u["parent"] == "kkn-zone-3"
    assert a.post("/units/kkn-team-99/edit", {"closed": "1"}).status == 303
    assert S.get("/api/v1/units/kkn-team-99", headers=ADMIN).json()["closed"] is True


@test
def meeting_attendance_is_recorded_by_managers():
    b = coordinator("mol-coord")
    page = b.get("/units/mol-eyes")
    b.page_csrf(page)
    mid = int(re.search(r'/units/mol-eyes/meetings/(\d+)/attendance', page.text).group(1))
    assert "60 คนเข้าร่วม" in page.text
    pid = members("mol-eyes", MOL, limit=200).json()["items"][-1]["id"]
    r = b.post("/units/mol-eyes/meetings/%d/attendance" % mid, {"person": str(pid)})
    assert r.status == 303, r
    assert b.post("/units/mol-eyes/meetings/%d/attendance" % mid,
                  {"person": "999999"}).status == 400
    assert b.post("/units/mol-eyes/meetings/999/attendance",
                  {"person": str(pid)}).status == 404
    k = coordinator()
    k.page_csrf(k.get("/units/kkn-net"))
    assert k.post("/units/mol-eyes/meetings/%d/attendance" % mid,
                  {"person": str(pid)}).status == 403


@test
def trainings_record_multiplier_trainers():
    r = S.get("/api/v1/people?q=", headers=KKN)
    assert r.status == 400
    b = Browser(S)
    b.login("root-admin")
    page = b.get("/units/moj-amjl")
    tid = int(re.search(r'href="/trainings/(\d+)"', page.text).group(1))
    assert "วิทยากรตัวคูณ" in page.text
    t = b.get("/trainings/%d" % tid)
    assert t.status == 200
    # The demo's first person attended the multiplier course and qualified.
    person = b.get("/people/1").text
    assert "หลักสูตรวิทยากรตัวคูณ" in person and 'class="tag">วิทยากรตัวคูณ<' in person


try:
    run()
finally:
    S.close()
