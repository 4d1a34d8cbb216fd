"""Administration pages and the unit API: create units and accounts through
the forms, errors that name the field, escaping of hostile text, paging."""

import re

from sodtest import PASSWORD, Browser, Server, run, test

S = Server(demo=True)
S.add_user("root-admin", "admin")
S.add_user("moi-admin", "admin", unit="moi")
S.add_user("watcher", "monitor", unit="kkn-net")
S.start()
TOKEN = S.token("watcher")
AUTH = {"Authorization": "Bearer " + TOKEN}


def admin(name="root-admin"):
    b = Browser(S)
    r = b.login(name)
    assert r.status == 303, r
    return b


@test
def unit_tree_page_shows_children_with_counts():
    b = admin()
    r = b.get("/admin/units?parent=moi")
    assert r.status == 200
    assert "ศูนย์ปฏิบัติการต่อต้านการทุจริต กระทรวงมหาดไทย" in r.text
    assert "(77)" in r.text  # 77 province ACOCs
    r = b.get("/admin/units?parent=moi&offset=50")
    assert r.status == 200 and "moi-p96" in r.text
    r = b.get("/admin/units?parent=nowhere")
    assert r.status == 404
    r = b.get("/admin/units?parent=moi&limit=0")
    assert r.status == 400


@test
def create_unit_through_the_form():
    b = admin()
    b.page_csrf(b.get("/admin/units?parent=kkn-zone-1"))
    r = b.post("/admin/units", {"parent": "kkn-zone-1", "code": "kkn-team-31", "kind": "team",
                                "name_th": "ทีมเฝ้าระวังที่ 31", "name_en": "Monitoring team 31",
                                "province": "40", "district": "4005"})
    assert r.status == 303 and r.header("Location") == "/admin/units?parent=kkn-zone-1&done=unit_created", r
    r = S.get("/api/v1/units/kkn-team-31", headers=AUTH)
    assert r.status == 200
    u = r.json()
    assert u["parent"] == "kkn-zone-1" and u["district_code"] == "4005"
    assert u["name_th"] == "ทีมเฝ้าระวังที่ 31"


@test
def form_errors_name_the_field_and_keep_the_values():
    b = admin()
    b.page_csrf(b.get("/admin/units?parent=moj"))
    r = b.post("/admin/units", {"parent": "moj", "code": "Bad Code!", "kind": "club",
                                "name_th": "ชมรมใหม่", "name_en": "New club"})
    assert r.status == 400
    assert "รหัสหน่วยงานใช้ได้เฉพาะ" in r.text
    assert 'value="ชมรมใหม่"' in r.text  # what was typed is kept
    r = b.post("/admin/units", {"parent": "moj", "code": "moj-amjl", "kind": "club",
                                "name_th": "ซ้ำ", "name_en": "Dup"})
    assert r.status == 409 and "มีอยู่แล้ว" in r.text
    r = b.post("/admin/units", {"parent": "moj", "code": "moj-x", "kind": "club",
                                "name_th": "", "name_en": "x"})
    assert r.status == 400 and "กรุณากรอก" in r.text
    r = b.post("/admin/units", {"parent": "moj", "code": "moj-y", "kind": "club",
                                "name_th": "ก" * 201, "name_en": "x"})
    assert r.status == 400


@test
def the_new_unit_form_picks_places_by_name_and_ties_errors_to_fields():
    b = admin()
    page = b.get("/admin/units?parent=moj")
    # Province and district are choices by name, districts grouped by province.
    assert re.search(r'<select id="province" name="province"', page.text)
    assert re.search(r'<select id="district" name="district"', page.text)
    assert '<optgroup label="ขอนแก่น">' in page.text and ">เมืองขอนแก่น</option>" in page.text
    assert not re.search(r'<input[^>]*name="(province|district)"', page.text)
    for fid in ("code", "kind", "name_th", "name_en", "province", "district"):
        assert '<label for="%s">' % fid in page.text, fid
    assert re.search(r'id="code"[^>]*aria-describedby="code-hint"', page.text)
    b.page_csrf(page)
    r = b.post("/admin/units", {"parent": "moj", "code": "Bad Code!", "kind": "club",
                                "name_th": "ชมรมใหม่", "name_en": "New club",
                                "province": "40", "district": "4001"})
    assert r.status == 400
    assert re.search(r'id="code"[^>]*aria-describedby="code-hint code-error"[^>]*aria-invalid="true"',
                     r.text), r.text[-3000:]
    assert '<option value="4001" selected>' in r.text and '<option value="40" selected>' in r.text


@test
def hostile_text_is_stored_and_shown_escaped():
    b = admin()
    b.page_csrf(b.get("/admin/units?parent=mol"))
    nasty = "<script>alert(1)</script>\"'{{x}} ' OR 1=1; DROP TABLE units; --"
    r = b.post("/admin/units", {"parent": "mol", "code": "mol-nasty", "kind": "team",
                                "name_th": nasty, "name_en": "../../etc/passwd"})
    assert r.status == 303, r
    page = b.get("/admin/units?parent=mol").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;{{x}}" in page  # not re-read
    u = S.get("/api/v1/units/mol-nasty", headers=AUTH).json()
    assert u["name_th"] == nasty  # stored as typed
    assert S.get("/api/v1/units?parent=root", headers=AUTH).status == 200  # table intact


@test
def an_admin_acts_only_in_their_subtree():
    b = admin("moi-admin")
    b.page_csrf(b.get("/admin/units?parent=moi"))
    r = b.post("/admin/units", {"parent": "moi-p40", "code": "moi-p40-team", "kind": "team",
                                "name_th": "ทีม", "name_en": "Team"})
    assert r.status == 303
    r = b.post("/admin/units", {"parent": "mol", "code": "mol-intruder", "kind": "team",
                                "name_th": "ทีม", "name_en": "Team"})
    assert r.status == 403
    r = b.post("/admin/users", {"username": "sneaky", "role": "admin", "unit": "root"})
    assert r.status == 403
    assert S.get("/api/v1/units/mol-intruder", headers=AUTH).status == 404


@test
def create_account_shows_its_password_once():
    b = admin()
    b.page_csrf(b.get("/admin/users"))
    r = b.post("/admin/users", {"username": "nid", "display_name": "นิด ใจดี", "role": "officer",
                                "unit": "mol"})
    assert r.status == 201, r
    pw = re.search(r'id="new-password">([^<]+)<', r.text).group(1)
    assert len(pw) == 16
    assert S.api_login("nid", pw).status == 200
    page = b.get("/admin/users").text
    assert pw not in page
    assert "นิด ใจดี" in page and "mol" in page
    r = b.post("/admin/users", {"username": "nid", "role": "officer", "unit": "mol"})
    assert r.status == 409
    r = b.post("/admin/users", {"username": "x", "role": "emperor", "unit": "mol"})
    assert r.status == 400
    r = b.post("/admin/users", {"username": "y", "role": "officer", "unit": "atlantis"})
    assert r.status == 400


@test
def disabling_an_account_locks_it_out():
    S.add_user("leaver", "officer")
    tok = S.token("leaver")
    b = admin()
    page = b.get("/admin/users?limit=200")
    b.page_csrf(page)
    ids = re.findall(r'<code>leaver</code>.*?/admin/users/(\d+)/disable', page.text, re.S)
    assert ids, "no disable form for leaver"
    r = b.post("/admin/users/%s/disable" % ids[0], {"disabled": "1"})
    assert r.status == 303
    assert S.get("/api/v1/me", headers={"Authorization": "Bearer " + tok}).status == 401
    assert S.api_login("leaver").status == 401
    r = b.post("/admin/users/%s/disable" % ids[0], {"disabled": "0"})
    assert S.api_login("leaver").status == 200
    # No such account: 404, not a redirect as if it had worked.
    assert b.post("/admin/users/999999/disable", {"disabled": "1"}).status == 404
    assert b.post("/admin/users/abc/disable", {"disabled": "1"}).status == 404


@test
def units_api_filters_and_pages():
    r = S.get("/api/v1/units?parent=moi&limit=10&offset=70", headers=AUTH)
    assert r.status == 200
    j = r.json()
    assert j["total"] == 77 and len(j["items"]) == 7 and j["limit"] == 10
    r = S.get("/api/v1/units?kind=zone", headers=AUTH)
    assert r.json()["total"] == 8
    r = S.get("/api/v1/units?kind=planet", headers=AUTH)
    assert r.status == 400 and r.json()["error"]["field"] == "kind"
    r = S.get("/api/v1/units?parent=atlantis", headers=AUTH)
    assert r.status == 404 and r.json()["error"]["field"] == "parent"
    r = S.get("/api/v1/units?limit=500", headers=AUTH)
    assert r.status == 400 and r.json()["error"]["field"] == "limit"
    r = S.get("/api/v1/units?offset=-1", headers=AUTH)
    assert r.status == 400
    r = S.get("/api/v1/units/kkn-net", headers=AUTH)
    c = r.json()["counts"]
    assert c["children"] == 8 and c["units_in_subtree"] == 1 + 8 + 30 + 1  # + team 31
    r = S.get("/api/v1/units/nope", headers=AUTH)
    assert r.status == 404


@test
def english_names_in_english():
    r = S.get("/api/v1/units/moi", headers=dict(AUTH, **{"Accept-Language": "en"}))
    assert r.json()["name"] == "Ministry of Interior Anti-Corruption Operation Center"
    b = admin()
    b.lang = "en"
    assert "Ministry of Interior" in b.get("/admin/units?parent=root").text


try:
    run()
finally:
    S.close()
