"""The guides library: documents of a unit for its members or the public,
typed by their content (libmagic) through the real server, versions, the
size limit (413), downloads with safe headers, a document of another
subtree is 404, photos lose their metadata, hostile names, and the demo's
Khon Kaen guides."""

import base64
import io
import os
import re
import shutil
import subprocess
import tempfile
import urllib.parse
import zipfile

from sodtest import Browser, Server, run, test

S = Server(demo=True)
S.add_user("kkn-coord", "coordinator", unit="kkn-net")
S.add_user("kkn-watch", "monitor", unit="kkn-net")
S.add_user("team-watch", "monitor", unit="kkn-team-01")
S.add_user("nacc-sup", "supervisor", unit="nacc-kkn")
S.add_user("mol-coord", "coordinator", unit="mol-eyes")
S.start()

KKN = {"Authorization": "Bearer " + S.token("kkn-coord")}
WATCH = {"Authorization": "Bearer " + S.token("kkn-watch")}
TEAM = {"Authorization": "Bearer " + S.token("team-watch")}
NACC = {"Authorization": "Bearer " + S.token("nacc-sup")}
MOL = {"Authorization": "Bearer " + S.token("mol-coord")}

PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
       b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")

JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxO"
    "QERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2Nj"
    "Y2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAIABADASIAAhEBAxEB/8QAFQABAQAAAAAA"
    "AAAAAAAAAAAAAAX/xAAcEAEAAwACAwAAAAAAAAAAAAABAAIRAyExkZL/xAAVAQEBAAAAAAAAAAAAAAAAAAAE"
    "Bf/EABoRAQACAwEAAAAAAAAAAAAAAAEAAhESMfD/2gAMAwEAAhEDEQA/AKlSnHpUpo+KV19vUX7UsmDuXtr8"
    "jEQlTa+ryT1xRT3Z/9k=")


def docx():
    """A minimal Word document, laid out as Word writes one."""
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/content-types"><Default Extension="xml" '
                   'ContentType="application/xml"/><Override PartName="/word/document.xml" '
                   'ContentType="application/vnd.openxmlformats-officedocument.'
                   'wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://'
                   'schemas.openxmlformats.org/package/2006/relationships"><Relationship '
                   'Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                   'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="http://'
                   'schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
                   '<w:t>แบบฟอร์มรายงานการลงพื้นที่</w:t></w:r></w:p></w:body></w:document>')
    return b.getvalue()


def multipart(fields, files):
    boundary = "----sodsongguides9"
    out = b""
    for name, value in fields.items():
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n"
                % (boundary, name, value)).encode()
    for name, filename, data in files:
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                "Content-Type: application/octet-stream\r\n\r\n"
                % (boundary, name, filename)).encode() + data + b"\r\n"
    out += ("--%s--\r\n" % boundary).encode()
    return out, "multipart/form-data; boundary=" + boundary


def upload(fields, filename, data, auth=KKN, unit="kkn-net"):
    body, ctype = multipart(fields, [("file", filename, data)])
    return S.request("POST", "/api/v1/units/%s/guides" % unit, body=body,
                     headers=dict(auth, **{"Content-Type": ctype}))


def listing(auth=KKN, unit="kkn-net"):
    r = S.get("/api/v1/units/%s/guides" % unit, headers=auth)
    assert r.status == 200, r
    return r.json()["items"]


def demo_ids():
    items = {g["kind"]: g for g in listing()}
    return items["manual"]["id"], items["knowledge_kit"]["id"]


@test
def demo_guides_of_khon_kaen():
    items = listing()
    kinds = {g["kind"]: g for g in items}
    assert {"manual", "knowledge_kit"} <= set(kinds)
    assert kinds["manual"]["public"] is False and kinds["knowledge_kit"]["public"] is True
    for g in kinds.values():
        r = S.get(g["url"], headers=KKN)
        assert r.status == 200 and r.body.startswith(b"%PDF"), r
        assert r.header("Content-Type") == "application/pdf"
        # Drawn with cairo: the text is in the file (pdftotext reads it back).
        p = subprocess.run(["pdftotext", "-", "-"], input=r.body, capture_output=True,
                           check=True)
        assert g["title"][:10] in p.stdout.decode()


@test
def public_library_page_without_sign_in():
    manual, kit = demo_ids()
    r = S.get("/public/kkn-net/guides")
    assert r.status == 200, r
    assert "ชุดความรู้การเฝ้าระวังทรัพยากรสาธารณะ" in r.text
    assert "คู่มือการลงพื้นที่เฝ้าระวัง" not in r.text   # for members only
    assert not re.search(r"<script(?![^>]*\bsrc=)", r.text)
    # Anyone downloads the public one; nobody signed out gets the private one.
    r = S.get("/guides/%d" % kit)
    assert r.status == 200 and r.body.startswith(b"%PDF")
    assert S.get("/guides/%d" % manual).status == 404
    assert S.get("/api/v1/guides/%d" % manual).status == 404
    assert S.get("/public/no-such-unit/guides").status == 404


@test
def private_document_by_subtree():
    manual, _ = demo_ids()
    # The unit, a team below it and the office above it see it.
    for auth in (KKN, WATCH, TEAM, NACC):
        r = S.get("/guides/%d" % manual, headers=auth)
        assert r.status == 200, r
    # Another subtree: as if it did not exist [guide-other-subtree-404].
    r = S.get("/guides/%d" % manual, headers=MOL)
    assert r.status == 404, r
    assert S.get("/api/v1/guides/%d" % manual, headers=MOL).status == 404
    assert S.get("/guides/%d/versions/1" % manual, headers=MOL).status == 404
    # The signed-in browser of another subtree too (cookie session).
    b = Browser(S)
    b.login("mol-coord")
    assert b.get("/guides/%d" % manual).status == 404
    assert S.get("/guides/999999", headers=KKN).status == 404
    assert S.get("/guides/abc", headers=KKN).status == 404


@test
def upload_pdf_and_read_it_back():
    r = upload({"kind": "law", "title": "ระเบียบกระทรวงการคลังว่าด้วยการจัดซื้อจัดจ้าง",
                "visibility": "members"}, "ระเบียบ พัสดุ 2560.pdf", PDF)
    assert r.status == 201, r
    gid = r.json()["id"]
    assert r.json()["version"] == 1
    got = S.get("/guides/%d" % gid, headers=WATCH)
    assert got.status == 200 and got.body == PDF
    assert got.header("Content-Type") == "application/pdf"
    assert got.header("X-Content-Type-Options") == "nosniff"
    disp = got.header("Content-Disposition")
    assert disp.startswith("attachment;") and "filename*=UTF-8''" in disp, disp
    name = disp.split("filename*=UTF-8''", 1)[1]
    assert urllib.parse.unquote(name) == "ระเบียบ พัสดุ 2560.pdf"
    assert any(g["id"] == gid for g in listing(WATCH))
    assert not any(g["id"] == gid for g in listing(NACC) if g["unit"] != "kkn-net")


@test
def upload_docx_typed_by_content():
    r = upload({"kind": "form", "title": "แบบฟอร์มรายงาน", "visibility": "members"},
               "form.docx", docx())
    assert r.status == 201, r
    meta = S.get("/api/v1/guides/%d" % r.json()["id"], headers=KKN).json()
    assert meta["content_type"] == ("application/vnd.openxmlformats-officedocument."
                                    "wordprocessingml.document"), meta


@test
def executable_renamed_pdf_refused():
    before = len(listing())
    with open("/bin/true", "rb") as f:
        elf = f.read()
    r = upload({"kind": "manual", "title": "คู่มือ", "visibility": "public"}, "manual.pdf", elf)
    assert r.status == 400, r
    e = r.json()["error"]
    assert e["code"] == "type_refused" and e["field"] == "file", e
    # A script with a PDF name and a PDF content type, and HTML: refused too.
    for data in (b"#!/bin/sh\nrm -rf /\n", b"<html><script>alert(1)</script></html>"):
        assert upload({"kind": "manual", "title": "x"}, "x.pdf", data).status == 400
    assert len(listing()) == before   # nothing stored


@test
def huge_file_413():
    before = len(listing())
    big = PDF + b"0" * (20 * 1024 * 1024)
    r = upload({"kind": "manual", "title": "ใหญ่เกิน"}, "big.pdf", big)
    assert r.status == 413, r
    assert len(listing()) == before


@test
def versions_keep_the_old_ones():
    r = upload({"kind": "manual", "title": "คู่มือสมาชิก", "visibility": "public"}, "v1.pdf", PDF)
    assert r.status == 201, r
    gid = r.json()["id"]
    v2 = PDF.replace(b"%%EOF", b"% version 2\n%%EOF")
    r = upload({"guide": str(gid)}, "v2.pdf", v2)
    assert r.status == 201 and r.json() == {"id": gid, "version": 2}, r
    assert S.get("/guides/%d" % gid).body == v2            # newest, public
    assert S.get("/guides/%d/versions/1" % gid).body == PDF
    assert S.get("/guides/%d/versions/3" % gid).status == 404
    meta = S.get("/api/v1/guides/%d" % gid).json()
    assert [v["version"] for v in meta["versions"]] == [2, 1]
    # A version of another unit's document is not this unit's to add.
    _, kit = demo_ids()
    r = upload({"guide": str(gid)}, "v.pdf", PDF, auth=MOL, unit="mol-eyes")
    assert r.status == 404, r


@test
def wrong_role_and_bad_input():
    # A monitor reads but does not upload; refused before the body is read.
    r = upload({"kind": "manual", "title": "x"}, "x.pdf", PDF, auth=WATCH)
    assert r.status == 403, r
    r = upload({"kind": "manual", "title": "x"}, "x.pdf", PDF, auth=MOL)
    assert r.status == 403, r
    r = upload({"kind": "spell", "title": "x"}, "x.pdf", PDF)
    assert r.status == 400 and r.json()["error"]["field"] == "kind"
    r = upload({"kind": "manual", "title": ""}, "x.pdf", PDF)
    assert r.status == 400 and r.json()["error"]["field"] == "title"
    r = upload({"kind": "manual", "title": "ก" * 201}, "x.pdf", PDF)
    assert r.status == 400 and r.json()["error"]["field"] == "title"
    r = upload({"kind": "manual", "title": "x", "visibility": "everyone"}, "x.pdf", PDF)
    assert r.status == 400 and r.json()["error"]["field"] == "visibility"
    r = upload({"kind": "manual", "title": "x"}, "x.pdf", b"")
    assert r.status == 400 and r.json()["error"]["field"] == "file"
    # Malformed UTF-8 in a field.
    body, ctype = multipart({}, [("file", "x.pdf", PDF)])
    body = body.replace(b"\r\n\r\n", b"\r\n\r\n", 1)
    bad = (b"------sodsongguides9\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n"
           b"\xff\xfe\r\n") + body
    r = S.request("POST", "/api/v1/units/kkn-net/guides", body=bad,
                  headers=dict(KKN, **{"Content-Type": ctype}))
    assert r.status == 400, r
    assert S.get("/api/v1/units/kkn-net/guides").status == 401


@test
def hostile_names_and_text():
    # (a raw quote or line break in a part's filename is malformed multipart:
    # the parser refuses the whole request, which is checked last)
    name = "../../<img src=x onerror=alert(1)>; X-Evil: 1 คู่มือ%0d%0a.pdf"
    title = '<script>alert("คู่มือ")</script>'
    r = upload({"kind": "manual", "title": title, "description": "<b>หนา</b>",
                "visibility": "public"}, name, PDF)
    assert r.status == 201, r
    gid = r.json()["id"]
    got = S.get("/guides/%d" % gid)
    assert got.status == 200
    assert got.header("X-Evil") is None
    disp = got.header("Content-Disposition")
    assert "<" not in disp and '"' not in disp.split("filename*=", 1)[1], disp
    # Only the last path component is kept, and it comes back as sent.
    assert urllib.parse.unquote(disp.split("''", 1)[1]) == name[len("../../"):], disp
    page = S.get("/public/kkn-net/guides").text
    assert title not in page and "&lt;script&gt;" in page
    assert "<b>หนา</b>" not in page
    b = Browser(S)
    b.login("kkn-coord")
    staff = b.get("/units/kkn-net/guides")
    assert staff.status == 200 and title not in staff.text and "&lt;script&gt;" in staff.text
    assert "<img src=x" not in staff.text
    r = upload({"kind": "manual", "title": "x"}, 'a"b.pdf', PDF)
    assert r.status == 400, r


@test
def photo_loses_its_metadata():
    d = tempfile.mkdtemp()
    p = os.path.join(d, "p.jpg")
    with open(p, "wb") as f:
        f.write(JPEG)
    subprocess.run(["exiftool", "-q", "-overwrite_original", "-n", "-GPSLatitude=16.44",
                    "-GPSLatitudeRef=N", "-Artist=Somchai Author", p], check=True)
    with open(p, "rb") as f:
        tagged = f.read()
    shutil.rmtree(d)
    assert b"Somchai Author" in tagged
    r = upload({"kind": "other", "title": "ภาพกิจกรรม", "visibility": "members"}, "p.jpg", tagged)
    assert r.status == 201, r
    got = S.get("/guides/%d" % r.json()["id"], headers=KKN)
    assert got.status == 200 and got.header("Content-Type") == "image/jpeg"
    assert got.body.startswith(b"\xff\xd8") and b"Somchai Author" not in got.body


@test
def upload_from_the_page():
    b = Browser(S)
    b.login("kkn-coord")
    page = b.get("/units/kkn-net/guides")
    assert page.status == 200 and 'enctype="multipart/form-data"' in page.text
    body, ctype = multipart({"csrf": b.csrf, "kind": "form", "title": "แบบฟอร์มจากหน้าเว็บ",
                             "visibility": "members"}, [("file", "f.pdf", PDF)])
    r = b._keep(S.request("POST", "/units/kkn-net/guides", body=body,
                          headers=b._headers({"Content-Type": ctype})))
    assert r.status == 303, r
    assert "แบบฟอร์มจากหน้าเว็บ" in b.get("/units/kkn-net/guides").text
    # Without the CSRF token: refused, nothing stored.
    body, ctype = multipart({"kind": "form", "title": "ไม่มีโทเคน"}, [("file", "f.pdf", PDF)])
    r = S.request("POST", "/units/kkn-net/guides", body=body,
                  headers=b._headers({"Content-Type": ctype}))
    assert r.status == 403, r
    assert "ไม่มีโทเคน" not in b.get("/units/kkn-net/guides").text


@test
def reading_list_of_a_training():
    b = Browser(S)
    b.login("kkn-coord")
    unit = b.get("/units/kkn-net")
    m = re.search(r'href="/trainings/(\d+)"', unit.text)
    assert m, "no training on the unit page"
    tid = int(m.group(1))
    manual, _ = demo_ids()
    page = b.get("/trainings/%d" % tid)
    b.page_csrf(page)
    r = b.post("/trainings/%d/readings" % tid, {"guide": str(manual)})
    assert r.status == 303, r
    page = b.get("/trainings/%d" % tid)
    assert "คู่มือการลงพื้นที่เฝ้าระวัง" in page.text and "/guides/%d" % manual in page.text
    # A document of another subtree cannot be put on the list.
    r = b.post("/trainings/%d/readings" % tid, {"guide": "999999"})
    assert r.status == 404, r


@test
def stop_cleanly():
    assert S.stop() == 0


run()
