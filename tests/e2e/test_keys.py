"""Key custody against the real binary (docs/crypto.md, issue 11 finding 1
and 4): nobody gets a unit key by signing in; a supervisor who holds it
approves readers, never an account they created; `keys grant --username`
gives one account only; approvals and revocations are audited; the
reporter's identity opens only after a custodian approves, never for the
approver's own request nor one of an account they created."""

import re

from sodtest import Browser, Server, db_connect, run, run_cli, test

S = Server()
for code, th, en in (("mol", "แรงงาน", "Labour"), ("moj", "ยุติธรรม", "Justice")):
    run_cli("unit", "add", S.dir, "--code", code, "--kind", "ministry_acoc",
            "--name-th", th, "--name-en", en)
S.add_user("boss", "admin", name="ผู้ดูแลระบบ")
S.add_user("sup", "supervisor", unit="mol", name="หัวหน้าศูนย์แรงงาน")
S.add_user("cust", "custodian", unit="mol", name="ผู้พิทักษ์ข้อมูล")
S.add_user("off2", "officer", unit="mol")
S.add_user("off3", "officer", unit="mol")
S.add_user("off-moj", "officer", unit="moj")


def db():
    return db_connect(S.dir)


# The administrator also supervises mol and is one of its custodians (an
# installation where one person wears several hats): being its creator must
# still stop them approving.
with db() as c:
    ids = dict(c.execute("SELECT username, id FROM accounts"))
    mol = c.execute("SELECT id FROM units WHERE code = 'mol'").fetchone()[0]
    for role in ("supervisor", "custodian"):
        c.execute("INSERT INTO grants(account_id, unit_id, role) VALUES (?, ?, ?)",
                  (ids["boss"], mol, role))
S.start()
for u in ("boss", "sup", "cust", "off2", "off3", "off-moj"):
    S.token(u)  # first sign-in: an account key pair, no unit key
for u in ("boss", "sup"):
    out = S.grant_keys(u).stderr
    assert "1 unit keys granted" in out, out

TIP = {"unit": "mol", "category": "bribery", "subject": "เรียกรับเงินใบอนุญาตทำงาน",
       "description": "เจ้าหน้าที่เรียกเงินคนละ 3,000 บาท",
       "identity": {"name": "ผู้แจ้งลับ", "phone": "0891112222", "email": "w@example.org"}}
r = S.post_json("/api/v1/tips", TIP)
assert r.status == 201, r
TIP_ID = db().execute("SELECT max(id) FROM tips").fetchone()[0]

# The admin makes an officer on the page and sees its password.
BOSS = Browser(S)
BOSS.login("boss")
BOSS.page_csrf(BOSS.get("/admin/users"))
r = BOSS.post("/admin/users", {"username": "off1", "display_name": "เจ้าหน้าที่ใหม่",
                               "role": "officer", "unit": "mol"})
assert r.status == 201, r
OFF1_PW = re.search(r'id="new-password">([^<]+)<', r.text).group(1)


def tip_as(token):
    r = S.get("/api/v1/tips/%d" % TIP_ID, headers={"Authorization": "Bearer " + token})
    assert r.status == 200, r
    return r.json()


def approve(token, unit, user):
    return S.post_json("/api/v1/units/%s/readers/%s/approve" % (unit, user), {}, token=token)


def audit_actions(prefix):
    return [a for (a,) in db().execute("SELECT action FROM audit WHERE action LIKE ?",
                                       (prefix + "%",))]


@test
def sign_ins_pass_no_key():
    off1 = S.token("off1", OFF1_PW)
    S.token("sup")            # a holder signs in: before, this sealed the key to off1
    S.token("boss")
    t = tip_as(S.token("off1", OFF1_PW))
    assert t["readable"] is False and "subject" not in t, t
    assert TIP["subject"] not in str(t)
    assert tip_as(S.token("sup"))["subject"] == TIP["subject"]
    # grant --username gave boss and sup alone: off2 and off3 still wait.
    assert tip_as(S.token("off2"))["readable"] is False
    assert off1


@test
def creator_cannot_approve_supervisor_can():
    boss = S.token("boss")
    assert tip_as(boss)["readable"] is True           # boss holds mol's key ...
    r = approve(boss, "mol", "off1")
    assert r.status == 403, r                          # ... but created off1
    assert r.json()["error"]["code"]
    assert tip_as(S.token("off1", OFF1_PW))["readable"] is False
    sup = S.token("sup")
    # Wrong role, unknown names, wrong unit, no session.
    assert approve(S.token("off2"), "mol", "off1").status == 403
    assert approve(sup, "nowhere", "off1").status == 404
    assert approve(sup, "mol", "nobody").status == 404
    assert approve(sup, "moj", "off-moj").status == 403   # not sup's unit
    assert approve(sup, "mol", "%E0%B8%FF").status == 400   # not UTF-8: refused at the door
    assert S.post_json("/api/v1/units/mol/readers/off1/approve", {}).status == 401
    r = approve(sup, "mol", "off1")
    assert r.status == 200, r
    assert r.json() == {"unit": "mol", "username": "off1"}
    assert approve(sup, "mol", "off1").status == 409
    assert tip_as(S.token("off1", OFF1_PW))["subject"] == TIP["subject"]
    assert audit_actions("unit_key.approve") == ["unit_key.approve"]


@test
def grant_one_username_only():
    out = S.grant_keys("off2").stderr
    assert "1 unit keys granted" in out, out
    assert tip_as(S.token("off2"))["readable"] is True
    assert tip_as(S.token("off3"))["readable"] is False
    r = S.grant_keys("nobody", check=False)
    assert r.returncode == 1 and "no such" in r.stderr
    assert audit_actions("unit_key.grant").count("unit_key.grant") == 3  # boss, sup, off2


@test
def readers_page_approves_with_a_form():
    b = Browser(S)
    b.login("sup")
    page = b.get("/readers")
    assert page.status == 200
    assert "off3" in page.text and "/units/mol/readers/off3/approve" in page.text
    assert "/units/mol/readers/off2/revoke" in page.text
    assert b.post("/units/mol/readers/off3/approve", {}, csrf=False).status == 403
    r = b.post("/units/mol/readers/off3/approve", {})
    assert r.status == 303 and r.header("Location") == "/readers", r
    assert tip_as(S.token("off3"))["readable"] is True
    assert "/readers" in b.get("/").text           # linked from the home page
    # An officer has no such page.
    o = Browser(S)
    o.login("off3")
    assert o.get("/readers").status == 403


@test
def revoke_takes_the_key_back():
    sup = S.token("sup")
    r = S.post_json("/api/v1/units/mol/readers/off3/revoke", {}, token=sup)
    assert r.status == 200, r
    assert tip_as(S.token("off3"))["readable"] is False
    assert S.post_json("/api/v1/units/mol/readers/off3/revoke", {}, token=sup).status == 409
    assert S.post_json("/api/v1/units/mol/readers/off3/revoke", {},
                       token=S.token("off2")).status == 403
    assert "unit_key.revoke" in audit_actions("unit_key.revoke")
    p = run_cli("keys", "revoke", S.dir, "--unit", "mol", "--username", "off2")
    assert "no longer holds" in p.stderr
    assert tip_as(S.token("off2"))["readable"] is False


@test
def identity_only_through_a_custodian_not_the_creator():
    o = Browser(S)
    o.login("off1", OFF1_PW)
    page = o.get("/tips/%d" % TIP_ID)
    assert "0891112222" not in page.text
    o.page_csrf(page)
    r = o.post("/tips/%d/identity-requests" % TIP_ID,
               {"reason": "ต้องติดต่อผู้แจ้งเพื่อขอหลักฐานเพิ่มเติม"})
    assert r.status == 303, r
    boss = Browser(S)
    boss.login("boss")
    page = boss.get("/tips/%d" % TIP_ID)
    boss.page_csrf(page)
    r = boss.post("/tips/%d/identity-requests" % TIP_ID, {"reason": "ขอดูข้อมูลผู้แจ้งด้วยตนเอง"})
    assert r.status == 303, r
    reqs = dict((u, i) for (i, u) in db().execute(
        "SELECT r.id, a.username FROM identity_requests r JOIN accounts a "
        "ON a.id = r.requester_id WHERE r.tip_id = ?", (TIP_ID,)))
    boss.page_csrf(boss.get("/custodian"))
    # boss created off1, and asked the other one itself: 403 both.
    assert boss.post("/identity-requests/%d/decision" % reqs["off1"],
                     {"decision": "approve"}).status == 403
    assert boss.post("/identity-requests/%d/decision" % reqs["boss"],
                     {"decision": "approve"}).status == 403
    assert "0891112222" not in o.get("/tips/%d" % TIP_ID).text
    c = Browser(S)
    c.login("cust")
    c.page_csrf(c.get("/custodian"))
    assert c.post("/identity-requests/%d/decision" % reqs["off1"],
                  {"decision": "approve"}).status == 303
    assert c.post("/identity-requests/%d/decision" % reqs["boss"],
                  {"decision": "refuse"}).status == 303
    assert "0891112222" in o.get("/tips/%d" % TIP_ID).text
    assert "0891112222" not in boss.get("/tips/%d" % TIP_ID).text
    # At rest, the identity is not under the tip key's subkeys any more:
    # the table of identity keys holds the custodians' seals and the asker's.
    sealed_to = {a for (a,) in db().execute(
        "SELECT account_id FROM tip_identity_keys WHERE tip_id = ?", (TIP_ID,))}
    ids = dict(db().execute("SELECT username, id FROM accounts"))
    assert sealed_to == {0, ids["cust"], ids["boss"], ids["off1"]}, sealed_to


@test
def rotate_keeps_old_tips_and_seals_new_ones():
    with open(S.recovery_file) as f:
        rk = f.read()
    p = run_cli("keys", "rotate", S.dir, "--unit", "mol", stdin=rk)
    assert "holders got it" in p.stderr, p.stderr
    r = S.post_json("/api/v1/tips", {**TIP, "subject": "เรื่องหลังเปลี่ยนกุญแจ"})
    assert r.status == 201
    new_id = db().execute("SELECT max(id) FROM tips").fetchone()[0]
    sup = S.token("sup")
    assert tip_as(sup)["subject"] == TIP["subject"]          # the old tip, old key
    r = S.get("/api/v1/tips/%d" % new_id, headers={"Authorization": "Bearer " + sup})
    assert r.json()["subject"] == "เรื่องหลังเปลี่ยนกุญแจ"
    # off3 was revoked before the rotation: not a holder, gets nothing.
    r = S.get("/api/v1/tips/%d" % new_id, headers={"Authorization": "Bearer " + S.token("off3")})
    assert r.json()["readable"] is False
    assert "unit_key.rotate" in audit_actions("unit_key.rotate")
    # A supervisor who holds the key rotates it from the API; an officer cannot.
    assert S.post_json("/api/v1/units/mol/key/rotate", {}, token=S.token("off1", OFF1_PW)).status == 403
    r = S.post_json("/api/v1/units/mol/key/rotate", {}, token=sup)
    assert r.status == 200 and r.json()["unit"] == "mol", r
    sup = S.token("sup")
    assert tip_as(sup)["subject"] == TIP["subject"]
    assert audit_actions("unit_key.rotate") == ["unit_key.rotate"] * 2
    # Usage errors are 2; a wrong recovery key is 1.
    assert run_cli("keys", "rotate", S.dir, stdin=rk, check=False).returncode == 2
    assert run_cli("keys", "revoke", S.dir, "--unit", "mol", check=False).returncode == 2
    assert run_cli("keys", "burn", S.dir, check=False).returncode == 2
    bad = run_cli("keys", "rotate", S.dir, "--unit", "mol",
                  stdin="AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n", check=False)
    assert bad.returncode == 1 and "recovery key" in bad.stderr


if __name__ == "__main__":
    try:
        run()
    finally:
        S.close()
