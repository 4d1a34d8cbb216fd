"""Sign-in, sessions, roles, CSRF and TOTP against the real server."""

import re
import time

from sodtest import PASSWORD, Browser, Server, run, test, totp

S = Server(demo=True)
S.add_user("admin1", "admin", name="ผู้ดูแล หนึ่ง")
S.add_user("officer1", "officer", unit="moj", name="เจ้าหน้าที่ หนึ่ง")
S.add_user("locked1", "officer")
S.add_user("totp1", "officer")
S.start()


@test
def form_sign_in_reaches_the_thai_home_page():
    b = Browser(S)
    r = b.login("officer1")
    assert r.status == 303 and r.header("Location") == "/", r
    cookie = [c for c in r.headers_all("Set-Cookie") if c.startswith("sod_session=")][0]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" not in cookie
    home = b.get("/")
    assert home.status == 200
    assert "เจ้าหน้าที่ หนึ่ง" in home.text
    assert "ศูนย์ปฏิบัติการต่อต้านการทุจริต กระทรวงยุติธรรม" in home.text  # role's unit


@test
def wrong_password_and_unknown_user_get_the_same_answer():
    b = Browser(S)
    r1 = b.login("officer1", "wrong password!")
    r2 = b.login("nobody-here", "wrong password!")
    assert r1.status == r2.status == 401, (r1, r2)
    msg = re.search(r'class="error"[^>]*>([^<]*)<', r1.text).group(1)
    assert msg == re.search(r'class="error"[^>]*>([^<]*)<', r2.text).group(1)
    assert "sod_session" not in b.cookies


@test
def login_without_csrf_is_403():
    b = Browser(S)
    b.get("/login")
    r = b.post("/login", {"username": "officer1", "password": PASSWORD}, csrf=False)
    assert r.status == 403, r
    r = b.post("/login", {"username": "officer1", "password": PASSWORD, "csrf": "forged"},
               csrf=False)
    assert r.status == 403, r


@test
def state_change_without_csrf_is_403():
    b = Browser(S)
    b.login("admin1")
    r = b.post("/admin/units", {"code": "x1", "kind": "team", "name_th": "ก",
                                "name_en": "x", "parent": "moj"}, csrf=False)
    assert r.status == 403, r
    r = b.post("/admin/units", {"code": "x1", "kind": "team", "name_th": "ก",
                                "name_en": "x", "parent": "moj", "csrf": "0" * 43}, csrf=False)
    assert r.status == 403, r
    assert S.get("/api/v1/units/x1", headers={"Authorization": "Bearer " + S.token("admin1")}).status == 404


@test
def wrong_role_is_403():
    b = Browser(S)
    b.login("officer1")
    assert b.get("/admin/units").status == 403
    assert b.get("/admin/users").status == 403
    r = b.post("/admin/users", {"username": "sneaky", "role": "admin"})
    assert r.status == 403


@test
def no_session_redirects_pages_and_401s_the_api():
    r = S.get("/admin/units")
    assert r.status == 303 and r.header("Location").startswith("/login?next=/admin/units")
    r = S.get("/api/v1/units")
    assert r.status == 401 and r.json()["error"]["code"] == "unauthorized"
    r = S.get("/api/v1/units", headers={"Authorization": "Bearer not-a-token"})
    assert r.status == 401


@test
def api_token_works_and_logout_ends_it():
    tok = S.token("officer1")
    r = S.get("/api/v1/me", headers={"Authorization": "Bearer " + tok})
    assert r.status == 200 and r.json()["username"] == "officer1"
    assert {"unit": "moj", "role": "officer"} in r.json()["roles"]
    r = S.post_json("/api/v1/logout", {}, token=tok)
    assert r.status == 200
    assert S.get("/api/v1/me", headers={"Authorization": "Bearer " + tok}).status == 401


@test
def browser_logout_ends_the_session():
    b = Browser(S)
    b.login("officer1")
    old = b.cookies["sod_session"]
    r = b.post("/logout", {})
    assert r.status == 303
    r = S.get("/api/v1/me", headers={"Cookie": "sod_session=" + old})
    assert r.status == 401


@test
def account_locks_after_repeated_failures():
    for _ in range(5):
        assert S.api_login("locked1", "not the password").status == 401
    # Locked, even the right password fails -- and exactly as an unknown
    # name does, so that nobody learns which names exist
    # [login-no-enumeration].
    locked = S.api_login("locked1", PASSWORD)
    unknown = S.api_login("nobody-by-this-name", PASSWORD)
    assert locked.status == unknown.status == 401, (locked, unknown)
    assert locked.json() == unknown.json()
    assert locked.header("Retry-After") is None
    b, u = Browser(S), Browser(S)
    for br, name in ((b, "locked1"), (u, "nobody-by-this-name")):
        br.page_csrf(br.get("/login"))
    pl = b.post("/login", {"username": "locked1", "password": PASSWORD})
    pu = u.post("/login", {"username": "nobody-by-this-name", "password": PASSWORD})
    assert pl.status == pu.status == 401
    # The page echoes the typed name back into its field, and carries a
    # fresh CSRF token: everything else must be the same.
    strip = lambda t: re.sub(r'name="(csrf|username)"( type="[^"]*")? value="[^"]*"', "", t)
    assert strip(pl.text) == strip(pu.text)


@test
def totp_second_factor():
    b = Browser(S)
    b.login("totp1")
    page = b.get("/account")
    b.page_csrf(page)
    r = b.post("/account/totp", {})
    assert r.status == 200
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', r.text).group(1)
    assert len(secret) == 32
    r = b.post("/account/totp/enable", {"code": "000000" if totp(secret) != "000000" else "111111"})
    assert r.status == 400
    r = b.post("/account/totp/enable", {"code": totp(secret)})
    assert r.status == 303, r
    # Signing in now needs a code; the same code may not be used twice.
    r = S.api_login("totp1")
    assert r.status == 401 and r.json()["error"]["code"] == "totp_required"
    r = S.api_login("totp1", totp=totp(secret, time.time() + 30))
    assert r.status == 200, r
    r = S.api_login("totp1", totp=totp(secret, time.time() + 30))
    assert r.status == 401, r
    # A browser, a few steps later (the server's clock moved 90 s on).
    later = time.time() + 90
    S.stop()
    S.start(env={"SOD_TEST_NOW": str(int(later))})
    try:
        b2 = Browser(S)
        r = b2.login("totp1")
        assert r.header("Location") == "/login/totp"
        assert b2.get("/account").status == 303  # half a session is not a session
        page = b2.get("/login/totp")
        b2.page_csrf(page)
        r = b2.post("/login/totp", {"code": "123"})
        assert r.status == 401
        r = b2.post("/login/totp", {"code": totp(secret, later)})
        assert r.status == 303 and r.header("Location") == "/", r
        assert b2.get("/account").status == 200
    finally:
        S.stop()
        S.start()


@test
def password_change_ends_sessions():
    S.add_user("changer", "monitor")
    b = Browser(S)
    b.login("changer")
    tok = S.token("changer")
    b.page_csrf(b.get("/account"))
    r = b.post("/account/password", {"old_password": "wrong one!!",
                                     "new_password": "a new long password",
                                     "new_password2": "a new long password"})
    # A wrong current password is the sign-in's answer to a wrong password
    # (401, SOD_EAUTH in web.c's one table), and the page says so.
    assert r.status == 401, r
    assert b.get("/account").status == 200  # still signed in
    r = b.post("/account/password", {"old_password": PASSWORD, "new_password": "short",
                                     "new_password2": "short"})
    assert r.status == 400 and "10" in r.text
    r = b.post("/account/password", {"old_password": PASSWORD,
                                     "new_password": "a new long password",
                                     "new_password2": "a new long password"})
    assert r.status == 303, r
    assert S.get("/api/v1/me", headers={"Authorization": "Bearer " + tok}).status == 401
    assert S.api_login("changer", "a new long password").status == 200


@test
def session_expires_when_idle():
    tok = S.token("officer1")
    S.stop()
    S.start(env={"SOD_TEST_NOW": str(int(time.time()) + 2 * 3600)})
    try:
        r = S.get("/api/v1/me", headers={"Authorization": "Bearer " + tok})
        assert r.status == 401, r
    finally:
        S.stop()
        S.start()


try:
    run()
finally:
    S.close()
