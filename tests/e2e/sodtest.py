"""sodtest — end-to-end test support: the real sodsong binary, a fresh data
folder, HTTP on 127.0.0.1 only. Python's standard library only.

A test file builds a Server, starts it, talks HTTP to it, stops it (by its
PID, with SIGTERM, checking the exit status) and ends with run(), which
prints the closing line "N passed, N failed" that CI reads.
"""

import base64
import hashlib
import hmac
import http.client
import json
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse

BIN = os.environ.get("SODSONG_BIN", "build/asan/sodsong")
PASSWORD = "correct horse battery"
# "pg": every `sodsong init` gets a new PostgreSQL database of its own on the
# server tests/pg/pg_run.sh started (socket folder SODSONG_PG_SOCKET);
# anything else: SQLite, as in production on one machine.
ENGINE = os.environ.get("SODSONG_TEST_ENGINE", "sqlite")
PG_SOCKET = os.environ.get("SODSONG_PG_SOCKET", "")


def _pg_bin(name):
    import glob
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/" + name))
    return found[-1] if found else name


def pg_new_database():
    """A new, empty PostgreSQL database; returns its libpq URL."""
    name = "sod_" + os.urandom(6).hex()
    subprocess.run([_pg_bin("createdb"), "-h", PG_SOCKET, "-U", "sodsong", name],
                   check=True, capture_output=True, timeout=60)
    return "postgresql:///%s?host=%s&user=sodsong" % (name, urllib.parse.quote(PG_SOCKET, safe=""))


def pg_query(url, sql):
    """Rows of a query on a PostgreSQL database, as lists of strings (psql)."""
    p = subprocess.run([_pg_bin("psql"), "-X", "-q", "-A", "-t", "-F", "\x1f", "-v",
                        "ON_ERROR_STOP=1", "-d", url, "-c", sql],
                       check=True, capture_output=True, text=True, timeout=60)
    return [line.split("\x1f") for line in p.stdout.split("\n") if line != ""]


class _PgCursor:
    def __init__(self, rows):
        self.rows = rows

    def fetchone(self):
        return self.rows[0] if self.rows else None

    def fetchall(self):
        return list(self.rows)

    def __iter__(self):
        return iter(self.rows)


def _pg_literal(v):
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, int):
        return str(v)
    return "'" + str(v).replace("'", "''") + "'"


class PgShim:
    """What the tests use of a sqlite3 connection, on a PostgreSQL database
    (through psql): execute with ? parameters, fetchone/fetchall, commit,
    close, iterdump (pg_dump's data as INSERTs). Integers come back as int,
    NULL as None, the rest as str."""

    NULL = "\x1e"

    def __init__(self, url):
        self.url = url

    def execute(self, sql, params=()):
        # The two catalogue questions the tests ask SQLite, asked of PostgreSQL.
        m = re.fullmatch(r'PRAGMA table_info\("(\w+)"\)', sql)
        if m:
            sql = ("SELECT ordinal_position - 1, column_name FROM information_schema.columns "
                   "WHERE table_schema = 'public' AND table_name = '%s' "
                   "ORDER BY ordinal_position" % m.group(1))
        if sql == "SELECT name FROM sqlite_master WHERE type='table'":
            sql = ("SELECT table_name FROM information_schema.tables "
                   "WHERE table_schema = 'public' ORDER BY table_name")
        params = list(params)
        out, i, q = [], 0, None
        for ch in sql:
            if q:
                q = None if ch == q else q
                out.append(ch)
            elif ch in "'\"":
                q = ch
                out.append(ch)
            elif ch == "?":
                out.append(_pg_literal(params[i]))
                i += 1
            else:
                out.append(ch)
        p = subprocess.run([_pg_bin("psql"), "-X", "-q", "-A", "-t", "-F", "\x1f",
                            "-P", "null=" + self.NULL, "-v", "ON_ERROR_STOP=1",
                            "-d", self.url, "-c", "".join(out)],
                           capture_output=True, text=True, timeout=60)
        if p.returncode != 0:
            raise RuntimeError("psql: " + p.stderr)
        rows = []
        # split("\n"), not splitlines(): that also splits at \x1e and \x1f.
        for line in p.stdout.split("\n"):
            if line == "":
                continue
            rows.append(tuple(None if v == self.NULL else
                              int(v) if re.fullmatch(r"-?[0-9]{1,18}", v) else v
                              for v in line.split("\x1f")))
        return _PgCursor(rows)

    def commit(self):
        pass

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def iterdump(self):
        p = subprocess.run([_pg_bin("pg_dump"), "--data-only", "--inserts", "-d", self.url],
                           capture_output=True, text=True, timeout=120, check=True)
        return iter(p.stdout.splitlines())


def db_connect(data_dir):
    """The data folder's database: sqlite3 on SQLite, a PgShim on PostgreSQL."""
    url = database_url(data_dir)
    if url:
        return PgShim(url)
    import sqlite3
    return sqlite3.connect(os.path.join(data_dir, "sodsong.db"))


def database_url(data_dir):
    """The database_url of a data folder's sodsong.conf, or None (SQLite)."""
    try:
        with open(os.path.join(data_dir, "sodsong.conf")) as f:
            for line in f:
                k, _, v = line.partition("=")
                if k.strip() == "database_url":
                    return v.strip()
    except FileNotFoundError:
        pass
    return None


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # list of (name, value)
        self.body = body

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def headers_all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    @property
    def text(self):
        return self.body.decode("utf-8")

    def json(self):
        return json.loads(self.body)

    def __repr__(self):
        return "<Response %d %r>" % (self.status, self.body[:200])


def run_cli(*args, stdin=None, env=None, check=True, sqlite=False):
    """Run the binary; returns CompletedProcess (text). On PostgreSQL, an
    init without --database gets a new database of its own (unless sqlite)."""
    if (ENGINE == "pg" and not sqlite and len(args) >= 2 and args[0] == "init"
            and "--database" not in args):
        args = (*args, "--database", pg_new_database())
    p = subprocess.run([BIN, *args], input=stdin, capture_output=True, text=True,
                       env={**os.environ, **(env or {})}, timeout=120 if ENGINE != "pg" else 300)
    if check and p.returncode != 0:
        raise AssertionError("sodsong %s failed (%d): %s" % (" ".join(args), p.returncode, p.stderr))
    return p


class Server:
    """A data folder and, while started, a serving process."""

    def __init__(self, demo=False):
        self.tmp = tempfile.mkdtemp(prefix="sodsong-e2e-")
        self.dir = os.path.join(self.tmp, "data")
        self.proc = None
        self.port = None
        self.log = []
        self.recovery_file = os.path.join(self.tmp, "recovery.key")
        run_cli("init", self.dir, "--recovery-key-file", self.recovery_file)
        if demo:
            run_cli("demo", self.dir)

    def add_user(self, username, role, unit=None, password=PASSWORD, name=None):
        args = ["user", "add", self.dir, "--username", username, "--role", role]
        if unit:
            args += ["--unit", unit]
        if name:
            args += ["--name", name]
        run_cli(*args, stdin=password + "\n")

    def grant_keys(self, username=None, check=True):
        """Give tip readers (all, or one) their units' keys with the recovery key."""
        extra = ("--username", username) if username else ()
        with open(self.recovery_file) as f:
            return run_cli("keys", "grant", self.dir, *extra, stdin=f.read(), check=check)

    def start(self, env=None, extra=()):
        self.log = []
        self.proc = subprocess.Popen(
            [BIN, "serve", self.dir, "--listen", "127.0.0.1:0", *extra],
            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
            env={**os.environ, **(env or {})})
        deadline = time.time() + 60
        while time.time() < deadline:
            line = self.proc.stderr.readline()
            if not line:
                raise AssertionError("server exited: %s" % "".join(self.log))
            self.log.append(line)
            m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", line)
            if m:
                self.port = int(m.group(1))
                break
        else:
            raise AssertionError("server did not start")
        self._drain = threading.Thread(target=self._read_log, daemon=True)
        self._drain.start()
        return self

    def _read_log(self):
        for line in self.proc.stderr:
            self.log.append(line)

    def stop(self, sig=signal.SIGTERM):
        """Stop by PID; returns the exit status."""
        if self.proc is None:
            return None
        self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
            raise AssertionError("server did not stop within 30 s")
        self._drain.join(timeout=5)
        self.proc = None
        return rc

    def close(self):
        if self.proc is not None:
            rc = self.stop()
            if rc != 0:
                raise AssertionError("server exited with %r:\n%s" % (rc, "".join(self.log[-40:])))
        shutil.rmtree(self.tmp, ignore_errors=True)

    def log_text(self):
        return "".join(self.log)

    # ---- HTTP ---------------------------------------------------------------

    def request(self, method, path, body=None, headers=None, timeout=30):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            h = dict(headers or {})
            if isinstance(body, str):
                body = body.encode("utf-8")
            c.request(method, path, body=body, headers=h)
            r = c.getresponse()
            return Response(r.status, r.getheaders(), r.read())
        finally:
            c.close()

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post_json(self, path, obj, token=None, headers=None):
        h = {"Content-Type": "application/json"}
        if token:
            h["Authorization"] = "Bearer " + token
        h.update(headers or {})
        body = obj if isinstance(obj, (bytes, str)) else json.dumps(obj)
        return self.request("POST", path, body=body, headers=h)

    def api_login(self, username, password=PASSWORD, totp=None):
        obj = {"username": username, "password": password}
        if totp is not None:
            obj["totp"] = totp
        return self.post_json("/api/v1/login", obj)

    def token(self, username, password=PASSWORD):
        r = self.api_login(username, password)
        assert r.status == 200, r
        return r.json()["token"]


class Browser:
    """A cookie jar and form posting, like a browser with JavaScript off."""

    def __init__(self, server, lang=None):
        self.s = server
        self.cookies = {}
        self.lang = lang

    def _headers(self, extra=None):
        h = {}
        if self.cookies:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        if self.lang:
            h["Accept-Language"] = self.lang
        h.update(extra or {})
        return h

    def _keep(self, r):
        for c in r.headers_all("Set-Cookie"):
            name, _, rest = c.partition("=")
            value = rest.split(";", 1)[0]
            if "Max-Age=0" in c:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return r

    def get(self, path):
        return self._keep(self.s.get(path, headers=self._headers()))

    def post(self, path, fields, csrf=True):
        fields = dict(fields)
        if csrf is True:
            fields.setdefault("csrf", self.csrf)
        body = urllib.parse.urlencode(fields)
        return self._keep(self.s.request(
            "POST", path, body=body,
            headers=self._headers({"Content-Type": "application/x-www-form-urlencoded"})))

    csrf = None

    def page_csrf(self, r):
        m = re.search(r'name="csrf" value="([^"]*)"', r.text)
        assert m, "no CSRF field in page"
        self.csrf = m.group(1)
        return self.csrf

    def login(self, username, password=PASSWORD):
        r = self.get("/login")
        assert r.status == 200, r
        self.page_csrf(r)
        r = self.post("/login", {"username": username, "password": password})
        if r.status == 303 and r.header("Location") not in ("/login/totp",):
            home = self.get("/")
            self.page_csrf(home)
        return r


def totp(secret_b32, t=None):
    """RFC 6238 code (SHA-1, 30 s, 6 digits) for a base32 secret."""
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    step = int((time.time() if t is None else t) // 30)
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    off = mac[-1] & 0x0F
    code = (struct.unpack(">I", mac[off:off + 4])[0] & 0x7FFFFFFF) % 1000000
    return "%06d" % code


def raw(port, data, timeout=10, shutdown=True):
    """Send raw bytes on a new connection; return what comes back (until the
    server closes, or, with shutdown=False, until it stops sending)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        try:
            s.sendall(data)
            if shutdown:
                s.shutdown(socket.SHUT_WR)
            else:
                s.settimeout(3)
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass
        out = b""
        while True:
            try:
                chunk = s.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not chunk:
                break
            out += chunk
        return out
    finally:
        s.close()


_tests = []


def test(fn):
    _tests.append(fn)
    return fn


def run():
    passed = failed = 0
    only = sys.argv[1:]
    for fn in _tests:
        if only and fn.__name__ not in only:
            continue
        t0 = time.time()
        try:
            fn()
            passed += 1
            print("ok   %s (%.1fs)" % (fn.__name__, time.time() - t0), flush=True)
        except Exception:
            failed += 1
            print("FAIL %s" % fn.__name__, flush=True)
            traceback.print_exc()
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)
