"""Announcements by e-mail, against a small SMTP sink on 127.0.0.1: only
consenting members of the unit's subtree receive it, addresses stay in the
envelope, the Thai subject arrives intact; a dead server does not lose the
announcement."""

import email
import email.header
import os
import re
import socket

import smtpsink
from sodtest import Browser, Server, run, test


SINK = smtpsink.start()

S = Server(demo=True)
with open(os.path.join(S.dir, "sodsong.conf"), "a") as f:
    f.write("smtp_url = smtp://127.0.0.1:%d\n" % SINK.server_address[1])
    f.write("smtp_from = acoc-test@example.org\n")
S.add_user("coord", "coordinator", unit="kkn-net")
S.start()


def post(unit, title, body, mail=True):
    b = Browser(S)
    b.login("coord")
    b.page_csrf(b.get("/units/" + unit))
    fields = {"title": title, "body": body}
    if mail:
        fields["email"] = "1"
    return b.post("/units/%s/announcements" % unit, fields)


@test
def announcement_mailed_to_consenting_members_of_the_subtree():
    r = post("kkn-zone-4", "ประชุมโซน 4 วันเสาร์", "เวลา 09.00 น. ที่ศาลาประชาคม")
    assert r.status == 303 and "mailed=" in r.header("Location"), r
    mailed = int(re.search(r"mailed=(\d+)", r.header("Location")).group(1))
    assert len(SINK.messages) == 1
    mail_from, rcpt, data = SINK.messages[-1]
    # Zone 4: 20 committee members and the 5 members of each of its 4 teams.
    assert mailed == len(rcpt) == 20 + 4 * 5, (mailed, len(rcpt))
    assert all(a.endswith("@example.org") for a in rcpt)
    msg = email.message_from_bytes(data)
    subject = str(email.header.make_header(email.header.decode_header(msg["Subject"])))
    assert subject == "ประชุมโซน 4 วันเสาร์"
    assert msg["To"] == "undisclosed-recipients:;"
    assert not any(a.encode() in data for a in rcpt)  # addresses stay in the envelope
    assert msg.get_payload(decode=True).decode("utf-8") == "เวลา 09.00 น. ที่ศาลาประชาคม"
    assert "acoc-test@example.org" in mail_from


@test
def without_the_box_ticked_nothing_is_sent():
    n = len(SINK.messages)
    r = post("kkn-zone-5", "ไม่ต้องส่งอีเมล", "ข้อความ", mail=False)
    assert r.status == 303
    assert len(SINK.messages) == n


@test
def a_dead_mail_server_does_not_lose_the_announcement():
    S.stop()
    conf = os.path.join(S.dir, "sodsong.conf")
    with open(conf) as f:
        text = f.read()
    dead = socket.socket()
    dead.bind(("127.0.0.1", 0))
    port = dead.getsockname()[1]
    dead.close()  # nothing listens there now
    with open(conf, "w") as f:
        f.write(re.sub(r"smtp_url = .*", "smtp_url = smtp://127.0.0.1:%d" % port, text))
    S.start()
    r = post("kkn-zone-6", "ประกาศสำคัญ", "ข้อความ")
    assert r.status == 303 and "mail=failed" in r.header("Location")
    b = Browser(S)
    b.login("coord")
    page = b.get(r.header("Location"))
    assert "ประกาศสำคัญ" in page.text and "ส่งอีเมลไม่สำเร็จ" in page.text


@test
def a_password_never_travels_without_tls():
    # The sink offers AUTH but no STARTTLS: with a password configured the
    # server must refuse to talk rather than send it in the clear
    # [smtp-tls-required].
    S.stop()
    conf = os.path.join(S.dir, "sodsong.conf")
    with open(conf) as f:
        text = f.read()
    with open(conf, "w") as f:
        f.write(re.sub(r"smtp_url = .*", "smtp_url = smtp://127.0.0.1:%d" % SINK.server_address[1],
                       text))
        f.write("smtp_user = acoc\nsmtp_password = s3cret-pw\n")
    S.start()
    n = len(SINK.messages)
    r = post("kkn-zone-7", "ประกาศผ่านเซิร์ฟเวอร์ไม่เข้ารหัส", "ข้อความ")
    assert r.status == 303 and "mail=failed" in r.header("Location"), r
    assert SINK.auth == [] and len(SINK.messages) == n
    with open(conf, "w") as f:
        f.write(text)  # back as it was, for any test after this one


try:
    run()
finally:
    S.close()
    SINK.shutdown()
