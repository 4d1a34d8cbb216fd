"""Public tips reach the unit the reporter chose (domain/tip_route.h): the
choice on /report without JavaScript and without codes, /report?to=CODE,
a ministry's tip about a province going to its ACOC of that province,
clear refusals (never another unit instead) on the page and in the API,
an admin's say over whether a unit receives, and the unit's poster (PDF,
read back with pdftotext)."""

import os
import re
import subprocess
import tempfile
import urllib.parse

from sodtest import Browser, Server, run, test

S = Server(demo=True)
with open(os.path.join(S.dir, "sodsong.conf"), "a") as f:
    f.write("public_url = https://acoc.example.go.th/\n")
    f.write("tips_per_hour = 0\n")  # every tip here comes from 127.0.0.1
S.add_user("off-p40", "officer", unit="moi-p40")
S.add_user("off-moi", "officer", unit="moi")
S.add_user("off-moj", "officer", unit="moj")
S.add_user("adm-moi", "admin", unit="moi")
S.add_user("adm-moj", "admin", unit="moj")
S.add_user("sup-moi", "supervisor", unit="moi")
S.start()
for u in ("off-p40", "off-moi", "off-moj"):
    S.token(u)
S.grant_keys()

P40_TH = "ศูนย์ปฏิบัติการต่อต้านการทุจริต จังหวัดขอนแก่น"
TIP = {"category": "bribery", "subject": "เรียกรับเงินออกโฉนด",
       "description": "เจ้าหน้าที่ที่ดินเรียกเงินสามหมื่นบาทเพื่อเร่งออกโฉนด"}


def units_seen(user):
    r = S.get("/api/v1/tips?limit=200", headers={"Authorization": "Bearer " + S.token(user)})
    assert r.status == 200, r
    return [t["unit"] for t in r.json()["items"]]


def total_tips():
    r = S.get("/api/v1/tips?limit=1", headers={"Authorization": "Bearer " + S.token("off-moi")})
    return r.json()["total"]


def unit_options(html):
    sel = re.search(r'<select id="unit" name="unit".*?</select>', html, re.S)
    assert sel, "no unit select"
    return sel.group(0)


@test
def the_form_offers_receiving_units_by_name_grouped_by_ministry():
    r = S.get("/report")
    assert r.status == 200
    sel = unit_options(r.text)
    # A grouped select: the ministries together, a ministry's province ACOCs under it.
    assert '<optgroup label="กระทรวงและหน่วยงาน">' in sel
    assert '<optgroup label="ศูนย์ปฏิบัติการต่อต้านการทุจริต กระทรวงมหาดไทย">' in sel
    assert sel.count('value="moi-p') == 77
    assert ">ศูนย์ปฏิบัติการต่อต้านการทุจริต กระทรวงมหาดไทย</option>" in sel
    # Zones, teams and clubs are not offered; networks that said yes are.
    assert 'value="kkn-zone-1"' not in sel and 'value="kkn-team-01"' not in sel
    assert 'value="moj-amjl"' not in sel and 'value="kkn-net"' in sel
    # The blank choice is the central unit; nothing is chosen for the reporter.
    assert re.search(r'<option value="">ไม่ระบุ', sel) and " selected" not in sel
    # The label is tied to the select, the hint too.
    assert '<label for="unit">' in r.text and 'aria-describedby="unit-hint"' in sel
    # The province rule is explained in plain Thai.
    assert "ประจำจังหวัดนั้นโดยตรง" in r.text


@test
def report_to_opens_the_form_with_the_unit_chosen_and_named():
    r = S.get("/report?to=moi-p40")
    assert r.status == 200
    assert re.search(r'id="report-to">[^<]*<strong>' + P40_TH, r.text)
    assert '<option value="moi-p40" selected>' in unit_options(r.text)
    en = S.get("/report?to=moi-p40&lang=en")
    assert en.status == 200 and "Interior" in en.text and "Khon Kaen" in en.text


@test
def report_to_refuses_unknown_non_receiving_and_hostile_codes_in_thai():
    for code, status in (("nope", 404), ("MOI", 404), ("kkn-zone-1", 400),
                         ("moj-amjl", 400), ("<script>alert(1)</script>", 404),
                         ("a" * 300, 404), ("moi' OR '1'='1", 404), ("moi/../moj", 404),
                         ("\u0e01\u0e02", 404)):
        r = S.get("/report?to=" + urllib.parse.quote(code, safe="%"))
        assert r.status == status, (code, r.status)
        assert 'role="alert"' in r.text, code
        assert ("ไม่พบหน่วยงานนี้" if status == 404 else "ไม่รับเรื่องร้องเรียนจากประชาชน") in r.text
        assert 'id="report-to"' not in r.text and " selected" not in unit_options(r.text)
        assert "<script>alert" not in r.text
    # Malformed UTF-8 in the query is refused before the page (http/).
    r = S.get("/report?to=%ff%fe")
    assert r.status == 400 and 'id="report-to"' not in r.text


@test
def a_ministry_tip_about_a_province_goes_to_its_province_acoc():
    b = Browser(S)
    page = b.get("/report")
    b.page_csrf(page)
    r = b.post("/report", {**TIP, "unit": "moi", "province": "40", "district": "4001"})
    assert r.status == 201, r.text[-800:]
    assert re.search(r'id="receipt-unit">[^<]*<strong>' + P40_TH, r.text)
    assert "moi-p40" in units_seen("off-p40")
    assert "moi-p40" not in units_seen("off-moj")
    # Without a province, or with one that has no ACOC of the ministry: the ministry.
    r = S.post_json("/api/v1/tips", {**TIP, "unit": "moi"})
    assert r.status == 201 and r.json()["unit"] == "moi"
    r = S.post_json("/api/v1/tips", {**TIP, "unit": "moj", "province": "40"})
    assert r.status == 201 and r.json()["unit"] == "moj"
    # The district alone names its province (DOPA codes nest).
    r = S.post_json("/api/v1/tips", {**TIP, "unit": "moi", "district": "4001"})
    assert r.status == 201 and r.json()["unit"] == "moi-p40", r
    # Nobody chosen: the root.
    r = S.post_json("/api/v1/tips", TIP)
    assert r.status == 201 and r.json()["unit"] == "root"
    # Chosen through ?to= then sent: the receipt names that unit.
    page = b.get("/report?to=moi-p10")
    b.page_csrf(page)
    r = b.post("/report", {**TIP, "unit": "moi-p10"})
    assert r.status == 201 and "กรุงเทพมหานคร" in r.text


@test
def bad_units_are_refused_and_change_nothing():
    before = total_tips()
    for unit, code in (("nope", "unit_unknown"), ("kkn-team-01", "unit_not_receiving"),
                       ("moj-amjl", "unit_not_receiving"), ("<b>x</b>", "invalid"),
                       ("a" * 41, "invalid"), ("", "unit_unknown")):
        r = S.post_json("/api/v1/tips", {**TIP, "unit": unit, "province": "40"})
        if unit == "":
            assert r.status in (201, 400), r
            if r.status == 201:  # empty is "not given": the root, which off-moi cannot see
                assert r.json()["unit"] == "root"
            continue
        assert r.status == 400, (unit, r)
        e = r.json()["error"]
        assert e["code"] == code and e["field"] == "unit", e
    for bad in (5, ["moi"], {"code": "moi"}, True):
        r = S.post_json("/api/v1/tips", {**TIP, "unit": bad})
        assert r.status == 400 and r.json()["error"]["field"] == "unit", r
    b = Browser(S)
    b.page_csrf(b.get("/report"))
    r = b.post("/report", {**TIP, "unit": "kkn-zone-1", "province": "40"})
    assert r.status == 400 and "ไม่รับเรื่องร้องเรียนจากประชาชน" in r.text
    assert 'aria-invalid="true"' in unit_options(r.text)
    assert TIP["subject"] in r.text  # what was typed comes back
    r = b.post("/report", {**TIP, "unit": "nope"})
    assert r.status == 400 and "ไม่พบหน่วยงานนี้" in r.text
    r = b.post("/report", {**TIP, "unit": "\u0e01" * 50})
    assert r.status == 400 and 'aria-invalid="true"' in unit_options(r.text)
    assert total_tips() == before


@test
def an_admin_of_the_unit_says_whether_it_receives_public_tips():
    adm = Browser(S)
    adm.login("adm-moi")
    page = adm.get("/units/moi-p40")
    assert page.status == 200 and 'id="public-tips"' in page.text
    assert "https://acoc.example.go.th/report?to=moi-p40" in page.text
    assert 'href="/units/moi-p40/poster.pdf"' in page.text
    adm.page_csrf(page)
    # Another ministry's admin, a supervisor, no CSRF token, a bad value: refused.
    other = Browser(S)
    other.login("adm-moj")
    other.page_csrf(other.get("/units/moj"))
    assert other.post("/units/moi-p40/public-tips", {"receives": "no"}).status == 403
    sup = Browser(S)
    sup.login("sup-moi")
    sup.page_csrf(sup.get("/units/moi"))
    assert sup.post("/units/moi-p40/public-tips", {"receives": "no"}).status == 403
    assert adm.post("/units/moi-p40/public-tips", {"receives": "no"}, csrf=False).status == 403
    assert adm.post("/units/moi-p40/public-tips", {"receives": "maybe"}).status == 400
    assert S.post_json("/api/v1/tips", {**TIP, "unit": "moi", "province": "40"}).json()["unit"] \
        == "moi-p40"
    # No: the province ACOC leaves the list, its ministry gets its province's tips.
    r = adm.post("/units/moi-p40/public-tips", {"receives": "no"})
    assert r.status == 303 and "done=public_tips" in r.header("Location")
    assert 'value="moi-p40"' not in unit_options(S.get("/report").text)
    assert S.get("/report?to=moi-p40").status == 400
    assert S.post_json("/api/v1/tips", {**TIP, "unit": "moi", "province": "40"}).json()["unit"] \
        == "moi"
    assert adm.get("/units/moi-p40/poster.pdf").status == 404
    # Back to its kind's default.
    assert adm.post("/units/moi-p40/public-tips", {"receives": "default"}).status == 303
    assert S.get("/report?to=moi-p40").status == 200
    # A network its admin opens appears.
    api = S.get("/api/v1/units/moi-p40", headers={"Authorization": "Bearer " + S.token("off-moi")})
    assert api.status == 200 and api.json()["receives_public_tips"] is True
    api = S.get("/api/v1/units/kkn-zone-1",
                headers={"Authorization": "Bearer " + S.token("off-moi")})
    assert api.status == 200 and api.json()["receives_public_tips"] is False


@test
def the_poster_is_an_a4_pdf_with_the_name_and_the_report_link():
    b = Browser(S)
    b.login("sup-moi")
    r = b.get("/units/moi-p40/poster.pdf")
    assert r.status == 200, r
    assert r.header("Content-Type").startswith("application/pdf")
    assert r.body.startswith(b"%PDF")
    assert b.get("/units/moi-p40/poster.pdf").body == r.body  # deterministic
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(r.body)
        f.flush()
        text = subprocess.run(["pdftotext", "-layout", f.name, "-"], capture_output=True,
                              text=True, check=True).stdout
        info = subprocess.run(["pdfinfo", f.name], capture_output=True, text=True,
                              check=True).stdout
    assert "แจ้งเบาะแสการทุจริต" in text
    assert "https://acoc.example.go.th/report?to=moi-p40" in text
    assert "Khon Kaen" in text
    assert re.search(r"Page size:\s+595\.\d* x 841\.\d*", info)
    assert re.search(r"Pages:\s+1\n", info)
    # Not for a unit that takes no public tips, nor for an unknown one, nor signed out.
    assert b.get("/units/kkn-zone-1/poster.pdf").status in (403, 404)
    assert b.get("/units/nope/poster.pdf").status == 404
    out = S.get("/units/moi-p40/poster.pdf")
    assert out.status in (303, 401) and not out.body.startswith(b"%PDF")


try:
    run()
finally:
    S.close()
