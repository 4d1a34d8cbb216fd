"""Admin scope and people's data across units, against the real binary:
an admin acts only in their subtree (accounts, units), a move waits for a
supervisor of the parent line, an import never reveals or links a person
of another line, export and erasure need every unit, search totals count
only what the caller may see (docs/security.md, "Admin scope")."""

import io
import os
import re
import tempfile
import urllib.parse

from sodtest import Browser, Server, db_connect, run, run_cli, test

S = Server(demo=True)
S.add_user("root-admin", "admin")
S.add_user("team-admin", "admin", unit="kkn-team-01")
S.add_user("kkn-admin", "admin", unit="kkn-net")
S.add_user("kkn-super", "supervisor", unit="kkn-net")
S.add_user("mol-super", "supervisor", unit="mol")
S.add_user("team1-officer", "officer", unit="kkn-team-01")
S.add_user("team2-officer", "officer", unit="kkn-team-02")
S.add_user("mol-officer", "officer", unit="mol-eyes")
S.add_user("kkn-coord", "coordinator", unit="kkn-net")
S.add_user("mol-coord", "coordinator", unit="mol-eyes")
S.add_user("top-coord", "coordinator")
S.start()


def bearer(name):
    return {"Authorization": "Bearer " + S.token(name)}


ROOT = bearer("root-admin")
KKN = bearer("kkn-coord")
MOL = bearer("mol-coord")


def browser(name):
    b = Browser(S)
    r = b.login(name)
    assert r.status == 303, r
    return b


def account_id(username):
    """The id of an account, as the root admin's list shows it."""
    b = browser("root-admin")
    offset = 0
    while True:
        page = b.get("/admin/users?limit=200&offset=%d" % offset).text
        m = re.search(r"<code>%s</code>.*?/admin/users/(\d+)/disable" % re.escape(username),
                      page, re.S)
        if m:
            return int(m.group(1))
        if 'rel="next"' not in page and "offset=%d" % (offset + 200) not in page:
            raise AssertionError("no account " + username)
        offset += 200


def parent_of(code):
    return S.get("/api/v1/units/" + code, headers=ROOT).json()["parent"]


# ---- finding 2: admin acts and lists -------------------------------------------------


@test
def a_team_admin_sees_only_their_teams_accounts():
    page = browser("team-admin").get("/admin/users?limit=200")
    assert page.status == 200
    names = set(re.findall(r"<td><code>([^<]+)</code></td>", page.text))
    assert "team1-officer" in names and "team-admin" in names
    assert not names & {"team2-officer", "mol-officer", "root-admin", "kkn-admin"}, names
    total = int(re.search(r"\((\d+)\)</h2>", page.text).group(1))
    assert total == len(names), (total, names)
    everyone = browser("root-admin").get("/admin/users?limit=200").text
    assert "mol-officer" in everyone and "team2-officer" in everyone


@test
def a_team_admin_cannot_disable_another_units_account():
    other, mine = account_id("mol-officer"), account_id("team1-officer")
    b = browser("team-admin")
    b.page_csrf(b.get("/admin/users"))
    assert b.post("/admin/users/%d/disable" % other, {"disabled": "1"}).status == 403
    assert S.token("mol-officer")  # still signs in
    assert b.post("/admin/users/%d/disable" % account_id("kkn-admin"),
                  {"disabled": "1"}).status == 403  # above the team
    assert b.post("/admin/users/%d/disable" % account_id("team-admin"),
                  {"disabled": "1"}).status == 409  # oneself
    assert b.post("/admin/users/abc/disable", {"disabled": "1"}).status == 404
    assert b.post("/admin/users/999999/disable", {"disabled": "1"}).status == 404
    assert b.post("/admin/users/%d/disable" % mine, {"disabled": "1"}).status == 303
    assert b.post("/admin/users/%d/disable" % mine, {"disabled": "0"}).status == 303
    assert S.token("team1-officer")
    # Not an admin: the route refuses.
    o = browser("team1-officer")
    o.page_csrf(o.get("/"))
    assert o.post("/admin/users/%d/disable" % other, {"disabled": "1"}).status == 403


@test
def a_team_admin_cannot_create_an_account_elsewhere():
    b = browser("team-admin")
    b.page_csrf(b.get("/admin/users"))
    r = b.post("/admin/users", {"username": "sneaky", "display_name": "x", "role": "officer",
                                "unit": "mol-eyes"})
    assert r.status == 403, r
    r = b.post("/admin/users", {"username": "sneaky", "display_name": "x",
                                "role": "supervisor", "unit": "kkn-net"})
    assert r.status == 403, r
    assert "sneaky" not in browser("root-admin").get("/admin/users?limit=200").text
    assert b.post("/admin/users", {"username": "sneaky", "role": "officer",
                                   "unit": "nowhere"}).status == 400
    assert b.post("/admin/users", {"username": "<b>x</b>", "role": "officer",
                                   "unit": "kkn-team-01"}).status == 400
    assert b.post("/admin/users", {"username": "sneaky", "role": "emperor",
                                   "unit": "kkn-team-01"}).status == 400
    r = b.post("/admin/users", {"username": "team1-new", "role": "officer",
                                "unit": "kkn-team-01"})
    assert r.status == 201, r


@test
def a_team_admin_cannot_create_units_elsewhere_or_move_their_team():
    b = browser("team-admin")
    b.page_csrf(b.get("/units/kkn-team-01"))
    r = b.post("/admin/units", {"parent": "kkn-zone-2", "code": "kkn-sneaky", "kind": "team",
                                "name_th": "x", "name_en": "x"})
    assert r.status == 403, r
    assert S.get("/api/v1/units/kkn-sneaky", headers=ROOT).status == 404
    before = parent_of("kkn-team-01")
    r = b.post("/units/kkn-team-01/edit", {"parent": "kkn-zone-8"})
    assert r.status == 403, r  # the destination is not theirs
    assert parent_of("kkn-team-01") == before
    assert b.post("/units/kkn-team-02/edit", {"name_th": "ยึด"}).status == 403


@test
def a_move_waits_for_a_supervisor_of_the_parent_line():
    before = parent_of("kkn-team-05")
    target = "kkn-zone-8" if before != "kkn-zone-8" else "kkn-zone-7"
    a = browser("kkn-admin")
    a.page_csrf(a.get("/units/kkn-team-05"))
    r = a.post("/units/kkn-team-05/edit", {"parent": target})
    assert r.status == 303 and r.header("Location") == "/units/kkn-team-05?pending=1", r
    assert "จะมีผลเมื่อหัวหน้าของหน่วยงานต้นสังกัดยืนยัน" in a.get("/units/kkn-team-05?pending=1").text
    assert parent_of("kkn-team-05") == before  # nothing changed yet
    # The admin is no supervisor: neither the page nor the decision.
    assert a.get("/admin/changes").status == 403
    s = browser("kkn-super")
    page = s.get("/admin/changes")
    assert page.status == 200 and "kkn-team-05" in page.text and target in page.text
    cid = int(re.search(r"/admin/changes/(\d+)/decision", page.text).group(1))
    s.page_csrf(page)
    # Another line's supervisor neither sees nor decides it.
    m = browser("mol-super")
    mp = m.get("/admin/changes")
    assert mp.status == 200 and "kkn-team-05" not in mp.text
    m.page_csrf(mp)
    assert m.post("/admin/changes/%d/decision" % cid, {"decision": "confirm"}).status == 403
    assert s.post("/admin/changes/%d/decision" % cid, {"decision": "maybe"}).status == 400
    assert s.post("/admin/changes/%d/decision" % cid, {}).status == 400
    assert s.post("/admin/changes/999999/decision", {"decision": "confirm"}).status == 404
    assert parent_of("kkn-team-05") == before
    r = s.post("/admin/changes/%d/decision" % cid, {"decision": "confirm"})
    assert r.status == 303, r
    assert parent_of("kkn-team-05") == target
    assert s.post("/admin/changes/%d/decision" % cid, {"decision": "refuse"}).status == 409


@test
def the_admin_cannot_confirm_their_own_change_and_refusal_changes_nothing():
    # An account that is admin and supervisor of the line asks, then tries.
    # The command line has no second grant: write it as `user add` would.
    S.add_user("both", "admin", unit="kkn-net")
    db = db_connect(S.dir)
    db.execute("INSERT INTO grants(account_id, unit_id, role) SELECT a.id, u.id, 'supervisor' "
               "FROM accounts a, units u WHERE a.username = 'both' AND u.code = 'kkn-net'")
    db.commit()
    db.close()
    before = parent_of("kkn-team-09")
    a = browser("both")
    a.page_csrf(a.get("/units/kkn-team-09"))
    assert a.post("/units/kkn-team-09/edit", {"parent": "kkn-zone-1"}).status == 303
    api = bearer("kkn-super")
    items = S.get("/api/v1/unit-changes", headers=api).json()["items"]
    change = [c for c in items if c["unit"] == "kkn-team-09"][0]
    both = S.token("both")
    r = S.post_json("/api/v1/unit-changes/%d/decision" % change["id"], {"decision": "confirm"},
                    token=both)
    assert r.status == 403, r
    assert S.post_json("/api/v1/unit-changes/%d/decision" % change["id"], {"decision": 1},
                       token=S.token("kkn-super")).status == 400
    r = S.post_json("/api/v1/unit-changes/%d/decision" % change["id"], {"decision": "refuse"},
                    token=S.token("kkn-super"))
    assert r.status == 200 and r.json()["status"] == "refused", r
    assert parent_of("kkn-team-09") == before
    # An officer is no supervisor.
    assert S.get("/api/v1/unit-changes", headers=bearer("team1-officer")).status == 403


@test
def a_supervisor_the_admin_created_cannot_confirm_the_admins_move():
    # The admin makes a supervisor of the parent line, then asks for a move:
    # the puppet may not confirm it; a supervisor the admin did not make may.
    a = browser("kkn-admin")
    a.page_csrf(a.get("/admin/users"))
    r = a.post("/admin/users", {"username": "puppet", "display_name": "หุ่นเชิด",
                                "role": "supervisor", "unit": "kkn-net"})
    assert r.status == 201, r
    pw = re.search(r'id="new-password">([^<]+)<', r.text).group(1)
    before = parent_of("kkn-team-11")
    target = "kkn-zone-2" if before != "kkn-zone-2" else "kkn-zone-3"
    a.page_csrf(a.get("/units/kkn-team-11"))
    assert a.post("/units/kkn-team-11/edit", {"parent": target}).status == 303
    puppet = S.token("puppet", pw)
    items = S.get("/api/v1/unit-changes",
                  headers={"Authorization": "Bearer " + puppet}).json()["items"]
    assert not [c for c in items if c["unit"] == "kkn-team-11"], items
    real = S.get("/api/v1/unit-changes", headers=bearer("kkn-super")).json()["items"]
    change = [c for c in real if c["unit"] == "kkn-team-11"][0]
    r = S.post_json("/api/v1/unit-changes/%d/decision" % change["id"], {"decision": "confirm"},
                    token=puppet)
    assert r.status == 403, r
    assert parent_of("kkn-team-11") == before
    r = S.post_json("/api/v1/unit-changes/%d/decision" % change["id"], {"decision": "confirm"},
                    token=S.token("kkn-super"))
    assert r.status == 200, r
    assert parent_of("kkn-team-11") == target


# ---- finding 3: import and people's data across lines --------------------------------


def multipart(fields, filename, content):
    boundary = "----scopetest"
    out = io.BytesIO()
    for k, v in fields.items():
        out.write(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                   % (boundary, k, v)).encode())
    out.write(("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
               "Content-Type: text/csv\r\n\r\n" % (boundary, filename)).encode())
    out.write(content)
    out.write(("\r\n--%s--\r\n" % boundary).encode())
    return out.getvalue(), "multipart/form-data; boundary=" + boundary


def upload(b, unit, content):
    page = b.get("/units/%s/import" % unit)
    assert page.status == 200, page
    b.page_csrf(page)
    body, ct = multipart({"csrf": b.csrf}, "members.csv", content)
    return b._keep(S.request("POST", "/units/%s/import" % unit, body=body,
                             headers=b._headers({"Content-Type": ct})))


def a_kkn_person(n=0):
    items = S.get("/api/v1/units/kkn-team-03/members?limit=5", headers=KKN).json()["items"]
    p = [i for i in items if i.get("phone")][n]
    return p["id"], p["phone"]


def search(q, auth, extra=""):
    return S.get("/api/v1/people?q=" + urllib.parse.quote(q) + extra, headers=auth)


def memberships(pid, auth=KKN):
    return [m["unit"] for m in S.get("/api/v1/people/%d" % pid, headers=auth).json()["memberships"]]


@test
def the_import_preview_does_not_tell_whether_a_phone_is_known_elsewhere():
    pid, phone = a_kkn_person()
    b = browser("mol-coord")
    known = "ชื่อ,นามสกุล,โทรศัพท์\nลอง,ถาม,%s\n" % phone
    unknown = "ชื่อ,นามสกุล,โทรศัพท์\nลอง,ถาม,%s\n" % "089-000-7777"
    r1 = upload(b, "mol-eyes", known.encode())
    r2 = upload(b, "mol-eyes", unknown.encode())
    assert r1.status == 200 and r2.status == 200, (r1, r2)
    strip = lambda t: re.sub(r'name="(batch|csrf)" value="[^"]*"', "", t)
    assert strip(r1.text) == strip(r2.text)
    batch = re.search(r'name="batch" value="([^"]+)"', r1.text).group(1)
    assert b.post("/units/mol-eyes/import/confirm", {"batch": batch}).status == 303
    # A separate record: the kkn person is untouched and still out of mol's sight.
    assert memberships(pid) == ["kkn-team-03"]
    assert S.get("/api/v1/people/%d" % pid, headers=MOL).status == 403
    hits = search("ลอง ถาม", MOL).json()
    assert hits["total"] == 1 and hits["items"][0]["id"] != pid, hits
    # The member form is no oracle either: out of reach, no 409.
    pid, phone = a_kkn_person(1)
    b.page_csrf(b.get("/units/mol-eyes"))
    r = b.post("/units/mol-eyes/members", {"given_th": "แบบฟอร์ม", "family_th": "ถามเบอร์",
                                            "kind": "volunteer", "role": "member",
                                            "phone": phone})
    assert r.status == 303, r
    assert memberships(pid) == ["kkn-team-03"]
    # Within reach the duplicate is still named.
    k = browser("kkn-coord")
    k.page_csrf(k.get("/units/kkn-team-06"))
    r = k.post("/units/kkn-team-06/members", {"given_th": "ซ้ำ", "family_th": "ในสาย",
                                               "kind": "volunteer", "role": "member",
                                               "phone": phone})
    assert r.status == 409, r


@test
def export_and_erasure_need_every_unit_of_the_person():
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
        f.write("ชื่อ,นามสกุล,โทรศัพท์\nสองสาย,สังกัดคู่,089-000-8888\n")
        path = f.name
    try:
        run_cli("import", "members", S.dir, path, "--unit", "kkn-team-04", "--yes")
        run_cli("import", "members", S.dir, path, "--unit", "mol-eyes", "--yes")
    finally:
        os.unlink(path)
    hits = search("สองสาย", KKN).json()
    assert hits["total"] == 1, hits
    pid = hits["items"][0]["id"]
    assert sorted(memberships(pid)) == ["kkn-team-04", "mol-eyes"]
    for name in ("kkn-coord", "mol-coord"):
        b = browser(name)
        assert b.get("/people/%d" % pid).status == 200  # they manage them in their line
        assert b.get("/people/%d/export" % pid).status == 403
        b.page_csrf(b.get("/people/%d" % pid))
        assert b.post("/people/%d/erase" % pid, {"confirm": "1"}).status == 403
    assert S.get("/api/v1/people/%d" % pid, headers=KKN).status == 200  # not erased
    t = browser("top-coord")
    r = t.get("/people/%d/export" % pid)
    assert r.status == 200 and r.json()["given_th"] == "สองสาย"
    t.page_csrf(t.get("/people/%d" % pid))
    assert t.post("/people/%d/erase" % pid, {"confirm": "1"}).status == 303
    assert S.get("/api/v1/people/%d" % pid, headers=KKN).status == 404


# ---- finding 8: search totals ----------------------------------------------------------


@test
def search_total_counts_only_people_the_caller_may_see():
    for who, unit in (("kkn-coord", "kkn-team-06"), ("mol-coord", "mol-eyes"),
                      ("mol-coord", "mol-eyes")):
        b = browser(who)
        b.page_csrf(b.get("/units/" + unit))
        r = b.post("/units/%s/members" % unit, {"given_th": "นับเฉพาะ", "family_th": "ที่เห็น",
                                                 "kind": "volunteer", "role": "member"})
        assert r.status == 303, r
    k = search("นับเฉพาะ", KKN).json()
    assert k["total"] == 1 and len(k["items"]) == 1, k
    m = search("นับเฉพาะ", MOL).json()
    assert m["total"] == 2 and len(m["items"]) == 2, m
    assert search("นับเฉพาะ", ROOT).json()["total"] == 3
    page = search("นับเฉพาะ", MOL, "&limit=1&offset=1").json()
    assert page["total"] == 2 and len(page["items"]) == 1
    assert S.get("/api/v1/people?q=", headers=MOL).status == 400
    assert S.get("/api/v1/people?q=%FF%FE", headers=MOL).status == 400
    assert S.get("/api/v1/people?q=x&limit=abc", headers=MOL).status == 400


run()
