"""What the pages say and ask (docs/ui.md): a status message after each
successful POST, a question before closing a case (without JavaScript),
fields tied to their labels, hints and errors, and a server that starts
without libmicrohttpd's warning about its logger."""

import re

from sodtest import Browser, Server, run, run_cli, test

S = Server(demo=True)
S.add_user("off", "officer", name="นก เจ้าหน้าที่")
S.add_user("adm", "admin")
S.add_user("leaver", "monitor")
S.start()
S.token("off")
S.grant_keys()
TOK = S.token("off")


def new_case():
    r = S.post_json("/api/v1/tips", {"category": "bribery", "subject": "เรียกรับเงิน",
                                     "description": "มีการเรียกเงินใต้โต๊ะ"})
    assert r.status == 201, r
    tid = S.get("/api/v1/tips", headers={"Authorization": "Bearer " + TOK}).json()["items"][0]["id"]
    r = S.post_json("/api/v1/cases", {"tip_ids": [tid], "title": "เรื่องทดสอบ"}, token=TOK)
    assert r.status == 201, r
    return r.json()["id"]


def status_of(cid):
    return S.get("/api/v1/cases/%d" % cid, headers={"Authorization": "Bearer " + TOK}).json()["status"]


@test
def serve_starts_without_the_logger_warning():
    log = S.log_text()
    assert "listening on" in log
    assert "EXTERNAL_LOGGER" not in log and "first option" not in log, log


@test
def closing_a_case_asks_first_then_says_it_is_done():
    cid = new_case()
    b = Browser(S)
    b.login("off")
    b.page_csrf(b.get("/cases/%d" % cid))
    # No confirm: a page that asks, with the same fields and confirm=1.
    r = b.post("/cases/%d/transitions" % cid, {"to": "closed", "note": "ยุติ <เรื่อง> \"นี้\""})
    assert r.status == 200, r
    assert status_of(cid) == "new"
    assert 'name="confirm" value="1"' in r.text
    assert 'name="to" value="closed"' in r.text
    assert 'value="ยุติ &lt;เรื่อง&gt; &quot;นี้&quot;"' in r.text   # escaped, kept whole
    assert 'href="/cases/%d"' % cid in r.text                          # the way back
    # A confirm that is not "1" asks again.
    r = b.post("/cases/%d/transitions" % cid, {"to": "closed", "note": "ยุติ", "confirm": "yes"})
    assert r.status == 200 and status_of(cid) == "new"
    # Confirmed: closed, and the page after says so.
    r = b.post("/cases/%d/transitions" % cid, {"to": "closed", "note": "ยุติ", "confirm": "1"})
    assert r.status == 303 and r.header("Location") == "/cases/%d?done=case_status" % cid, r
    assert status_of(cid) == "closed"
    page = b.get(r.header("Location"))
    assert re.search(r'<p class="notice flash" role="status">เปลี่ยนสถานะเรื่องแล้ว</p>', page.text)
    # The API needs no question (a client confirms by calling).
    cid2 = new_case()
    r = S.post_json("/api/v1/cases/%d/transitions" % cid2, {"to": "closed", "note": "ยุติ"}, token=TOK)
    assert r.status == 200 and status_of(cid2) == "closed"


@test
def other_moves_are_not_asked_about():
    cid = new_case()
    b = Browser(S)
    b.login("off")
    b.page_csrf(b.get("/cases/%d" % cid))
    r = b.post("/cases/%d/transitions" % cid, {"to": "investigating", "note": ""})
    assert r.status == 303 and status_of(cid) == "investigating"
    # Closing with no outcome is refused at once, without a question.
    r = b.post("/cases/%d/transitions" % cid, {"to": "closed", "note": ""})
    assert r.status == 400 and status_of(cid) == "investigating"


@test
def flash_only_for_known_messages():
    b = Browser(S, lang="en")
    b.login("off")
    assert 'role="status">Case created<' in b.get("/cases?done=case_created").text
    for bad in ("nothing_like_this", "CASE_CREATED", "case_created%3Cscript%3E", "x" * 40,
                "../etc", "%E0%B8%81"):
        t = b.get("/cases?done=" + bad).text
        assert "flash" not in t, bad
    # Anyone can craft the link, so the message is only ever one of ours.
    t = Browser(S).get("/login?done=case_created").text
    assert 'class="notice flash"' in t


@test
def the_case_assignee_is_chosen_by_name_not_typed():
    cid = new_case()
    S.add_user("off-moj2", "officer", unit="moj", name="คนนอก สายงาน")
    S.add_user("gone", "officer", name="ผู้ถูกระงับ")
    run_cli("user", "disable", S.dir, "--username", "gone")
    b = Browser(S)
    b.login("off")
    page = b.get("/cases/%d" % cid)
    assert page.status == 200
    sel = re.search(r'<select id="assignee" name="assignee".*?</select>', page.text, re.S)
    assert sel, "the assignee is not a choice"
    sel = sel.group(0)
    # Who may take it, by name; nobody of another line, nobody disabled.
    assert '<option value="off">นก เจ้าหน้าที่ (off)</option>' in sel
    assert '<option value="">' in sel
    assert "off-moj2" not in sel and 'value="gone"' not in sel and 'value="adm"' not in sel
    typed = [i for i in re.findall(r'<input[^>]*name="assignee"[^>]*>', page.text)
             if 'type="hidden"' not in i]
    assert typed == [], typed
    # Labels tied to the case forms' controls, the date with its hint.
    for fid in ("assignee", "to", "note", "agency", "letter_no", "sent_on", "r-note"):
        assert '<label for="%s">' % fid in page.text, fid
    assert re.search(r'id="sent_on"[^>]*aria-describedby="sent_on-hint"', page.text)
    b.page_csrf(page)
    r = b.post("/cases/%d/assign" % cid, {"assignee": "off"})
    assert r.status == 303 and "done=assigned" in r.header("Location")
    page = b.get("/cases/%d" % cid)
    assert '<option value="off" selected>' in page.text
    # A name not offered is refused, and nothing changes.
    assert b.post("/cases/%d/assign" % cid, {"assignee": "off-moj2"}).status == 400
    assert '<option value="off" selected>' in b.get("/cases/%d" % cid).text


@test
def a_unit_moves_under_a_unit_chosen_by_name():
    b = Browser(S)
    b.login("adm")
    page = b.get("/units/kkn-team-02")
    assert page.status == 200
    sel = re.search(r'<select id="e-parent" name="parent".*?</select>', page.text, re.S)
    assert sel, "the new parent is not a choice"
    sel = sel.group(0)
    assert '<option value="kkn-zone-1" selected>' in sel   # where it is now
    assert "เครือข่ายภาคประชาสังคม" in sel and not re.search(r'>kkn-[a-z0-9-]+<', sel)
    assert not re.search(r'<input[^>]*name="parent"', page.text)
    assert '<label for="e-parent">' in page.text and '<label for="e-retention">' in page.text
    b.page_csrf(page)
    # Saving as shown renames nothing and moves nothing.
    fields = dict(re.findall(r'<input id="e-(?:th|en)" name="(name_th|name_en)"[^>]*value="([^"]*)"',
                             page.text))
    r = b.post("/units/kkn-team-02/edit", {**fields, "parent": "kkn-zone-1"})
    assert r.status == 303 and "pending" not in r.header("Location"), r
    u = S.get("/api/v1/units/kkn-team-02", headers={"Authorization": "Bearer " + TOK}).json()
    assert u["parent"] == "kkn-zone-1"
    # Into its own subtree: refused on the field.
    r = b.post("/units/kkn-zone-1/edit", {"parent": "kkn-team-02"})
    assert r.status == 400 and 'aria-invalid="true"' in re.search(
        r'<select id="e-parent".*?>', r.text).group(0)


@test
def sign_in_fields_are_labelled():
    t = Browser(S).get("/login").text
    for name in ("username", "password"):
        assert re.search(r'<label for="%s">[^<]+</label>' % name, t), name
        assert re.search(r'<input id="%s" name="%s"' % (name, name), t), name
    assert 'autocapitalize="none"' in t
    assert 'autocomplete="current-password"' in t


@test
def admin_actions_say_what_happened():
    b = Browser(S)
    b.login("adm")
    users = b.get("/admin/users")
    b.page_csrf(users)
    m = re.search(r'leaver.*?action="/admin/users/(\d+)/disable"', users.text, re.S)
    assert m, "a disable form"
    r = b.post("/admin/users/%s/disable" % m.group(1), {"disabled": "1"})
    assert r.status == 303 and r.header("Location") == "/admin/users?done=user_disabled", r
    assert "ระงับบัญชีผู้ใช้แล้ว" in b.get(r.header("Location")).text
    r = b.post("/admin/users/%s/disable" % m.group(1), {"disabled": "0"})
    assert r.header("Location") == "/admin/users?done=user_enabled"


run()
