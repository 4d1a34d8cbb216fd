#!/usr/bin/env python3
"""Photos filed as evidence lose their metadata; documents are stored as sent
with a warning; images we cannot clean are refused with a message naming
the file (media/image.c, domain/evidence.c).

The photo is a small JPEG (made with libjpeg, below in base64) to which
exiftool adds a GPS position, an author in EXIF, XMP and IPTC, a comment
and orientation 6. Filed through /report (the form, multipart, JavaScript
off) and read back as an officer, it must carry none of them but keep its
orientation."""
import base64
import json
import os
import re
import shutil
import subprocess
import tempfile
import urllib.parse

from sodtest import Browser, Server, run, test

S = Server(demo=True)
S.add_user("sup-root", "supervisor")
S.start()
S.token("sup-root")
S.grant_keys()
ROOT = {"Authorization": "Bearer " + S.token("sup-root")}   # public tips land at the root

BASE_JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxO"
    "QERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2Nj"
    "Y2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAIABADASIAAhEBAxEB/8QAFQABAQAAAAAA"
    "AAAAAAAAAAAAAAX/xAAcEAEAAwACAwAAAAAAAAAAAAABAAIRAyExkZL/xAAVAQEBAAAAAAAAAAAAAAAAAAAE"
    "Bf/EABoRAQACAwEAAAAAAAAAAAAAAAEAAhESMfD/2gAMAwEAAhEDEQA/AKlSnHpUpo+KV19vUX7UsmDuXtr8"
    "jEQlTa+ryT1xRT3Z/9k=")
AUTHOR = "Somchai Whistleblower"


def exiftool(path, *args):
    r = subprocess.run(["exiftool", "-j", "-n", *args, path], capture_output=True, text=True,
                       check=True)
    return json.loads(r.stdout)[0]


def tagged_jpeg():
    d = tempfile.mkdtemp()
    p = os.path.join(d, "photo.jpg")
    with open(p, "wb") as f:
        f.write(BASE_JPEG)
    subprocess.run(["exiftool", "-q", "-overwrite_original", "-n",
                    "-GPSLatitude=16.4419", "-GPSLatitudeRef=N",
                    "-GPSLongitude=102.8360", "-GPSLongitudeRef=E",
                    "-Artist=" + AUTHOR, "-XMP-dc:Creator=" + AUTHOR,
                    "-IPTC:By-line=" + AUTHOR, "-Comment=" + AUTHOR,
                    "-Make=PhoneMaker", "-Model=SecretPhone 12",
                    "-Orientation=6", p], check=True)
    tags = exiftool(p)
    with open(p, "rb") as f:
        data = f.read()
    shutil.rmtree(d)
    # The fixture does carry what must go.
    assert "GPSLatitude" in tags and tags["Artist"] == AUTHOR and tags["Orientation"] == 6
    assert AUTHOR.encode() in data and b"SecretPhone" in data
    return data


def multipart(fields, files):
    boundary = "----sodsongmeta7"
    out = b""
    for name, value in fields.items():
        out += ('--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n'
                % (boundary, name, value)).encode()
    for filename, ctype, data in files:
        out += ('--%s\r\nContent-Disposition: form-data; name="file"; filename="%s"\r\n'
                'Content-Type: %s\r\n\r\n' % (boundary, filename, ctype)).encode()
        out += data + b"\r\n"
    out += ("--%s--\r\n" % boundary).encode()
    return out, "multipart/form-data; boundary=" + boundary


def report(files, subject):
    """File through the form as a browser without JavaScript does."""
    b = Browser(S)
    page = b.get("/report")
    b.page_csrf(page)
    body, ct = multipart({"csrf": b.csrf, "category": "procurement", "subject": subject,
                          "description": "ภาพถ่ายหน้างานก่อสร้าง", "province": "40"}, files)
    return b.s.request("POST", "/report", body=body,
                       headers=b._headers({"Content-Type": ct}))


def officer_files(subject):
    r = S.get("/api/v1/tips?q=" + urllib.parse.quote(subject), headers=ROOT)
    assert r.status == 200, r
    items = r.json()["items"]
    assert len(items) == 1, items
    full = S.get("/api/v1/tips/%d" % items[0]["id"], headers=ROOT).json()
    return items[0]["id"], {f["name"]: f for f in full["files"]}


def stored_files():
    return set(os.listdir(os.path.join(S.dir, "files")))


@test
def a_photo_filed_as_evidence_loses_gps_and_author_but_keeps_orientation():
    photo = tagged_jpeg()
    page = S.get("/report")
    assert 'id="file-metadata"' in page.text and "ข้อมูลแฝง" in page.text
    r = report([("ภาพหน้างาน.jpg", "image/jpeg", photo)], "ถนนลาดยางชำรุด")
    assert r.status == 201, r.text[-800:]
    assert 'id="files-as-sent"' not in r.text   # only a photo: nothing kept as sent
    tid, files = officer_files("ถนนลาดยางชำรุด")
    f = files["ภาพหน้างาน.jpg"]
    assert f["type"] == "image/jpeg"
    got = S.get("/tips/%d/files/%d" % (tid, f["id"]), headers=ROOT)
    assert got.status == 200
    assert f["size"] == len(got.body) < len(photo)
    assert AUTHOR.encode() not in got.body and b"SecretPhone" not in got.body
    assert b"PhoneMaker" not in got.body and b"http://ns.adobe.com/xap" not in got.body
    d = tempfile.mkdtemp()
    try:
        p = os.path.join(d, "back.jpg")
        with open(p, "wb") as out:
            out.write(got.body)
        tags = exiftool(p)
    finally:
        shutil.rmtree(d)
    assert not [k for k in tags if k.startswith("GPS")], tags
    for k in ("Artist", "Creator", "By-line", "Comment", "Make", "Model"):
        assert k not in tags, (k, tags)
    assert tags["Orientation"] == 6
    assert tags["ImageWidth"] == 16 and tags["ImageHeight"] == 8
    assert "Warning" not in tags and "Error" not in tags, tags


@test
def documents_are_stored_as_sent_and_the_receipt_warns():
    pdf = b"%PDF-1.4\n1 0 obj<</Author(" + AUTHOR.encode() + b")>>endobj\ntrailer<<>>\n%%EOF\n"
    r = report([("สัญญา.pdf", "application/pdf", pdf)], "สัญญาจ้างเหมาแพง")
    assert r.status == 201, r.text[-800:]
    assert 'id="files-as-sent"' in r.text and "ชื่อผู้สร้างเอกสาร" in r.text
    tid, files = officer_files("สัญญาจ้างเหมาแพง")
    got = S.get("/tips/%d/files/%d" % (tid, files["สัญญา.pdf"]["id"]), headers=ROOT)
    assert got.status == 200 and got.body == pdf


@test
def heic_and_broken_images_are_refused_naming_the_file():
    before = stored_files()
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200
    r = report([("IMG_0042.HEIC", "image/heic", heic)], "ภาพไอโฟน")
    assert r.status == 400, r
    assert "IMG_0042.HEIC" in r.text and "HEIC" in r.text and "ยังไม่ถูกส่ง" in r.text
    # A JPEG cut short (an upload broken off), with a hostile name.
    photo = tagged_jpeg()
    name = "<b>ภาพ</b>.jpg"
    r = report([("ok.pdf", "application/pdf", b"%PDF-1.4\n"),
                (name, "image/jpeg", photo[:len(photo) - 40])], "ภาพเสีย")
    assert r.status == 400, r
    assert "&lt;b&gt;ภาพ&lt;/b&gt;.jpg" in r.text and "<b>ภาพ" not in r.text
    assert "เสียหาย" in r.text
    # The JSON API says the same with a code and the field.
    tip = {"unit": "mol", "category": "procurement", "subject": "ภาพเสีย",
           "description": "ภาพเสีย"}
    body, ct = multipart({}, [("x.png", "image/png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR")])
    body = (b'------sodsongmeta7\r\nContent-Disposition: form-data; name="tip"\r\n\r\n'
            + json.dumps(tip).encode() + b"\r\n" + body)
    r = S.request("POST", "/api/v1/tips", body=body, headers={"Content-Type": ct})
    assert r.status == 400, r
    e = r.json()["error"]
    assert e["code"] == "image_refused" and e["field"] == "file" and "x.png" in e["message"]
    # Nothing was filed and no file stays behind.
    assert stored_files() == before
    assert S.get("/api/v1/tips?q=" + urllib.parse.quote("ภาพเสีย"), headers=ROOT).json()["items"] == []
    assert S.get("/api/v1/tips?q=" + urllib.parse.quote("ภาพไอโฟน"), headers=ROOT).json()["items"] == []


try:
    run()
finally:
    S.close()
