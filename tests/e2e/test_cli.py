"""The command line as scripts use it (CONTRACT.md): exit statuses, messages,
the demo data and its numbers."""

import os
import shutil
import stat
import tempfile

from sodtest import BIN, PASSWORD, Server, run, run_cli, test

TMP = tempfile.mkdtemp(prefix="sodsong-cli-")


def folder(name):
    return os.path.join(TMP, name)


@test
def init_makes_a_private_folder_and_refuses_twice():
    d = folder("a")
    p = run_cli("init", d)
    assert p.returncode == 0
    assert stat.S_IMODE(os.stat(d).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(os.path.join(d, "secret.key")).st_mode) == 0o600
    assert os.path.exists(os.path.join(d, "sodsong.conf"))
    p = run_cli("init", d, check=False)
    assert p.returncode == 1 and "already" in p.stderr, p.stderr


@test
def usage_errors_exit_2():
    assert run_cli(check=False).returncode == 2
    assert run_cli("frobnicate", check=False).returncode == 2
    assert run_cli("init", check=False).returncode == 2
    d = folder("u")
    run_cli("init", d)
    p = run_cli("user", "add", d, "--username", "x", "--role", "emperor", stdin=PASSWORD + "\n",
                check=False)
    assert p.returncode == 2 and "role" in p.stderr
    p = run_cli("user", "add", d, "--role", "admin", stdin=PASSWORD + "\n", check=False)
    assert p.returncode == 2 and "--username" in p.stderr
    p = run_cli("user", "add", d, "--username", "x", "--role", "admin", stdin="", check=False)
    assert p.returncode == 2 and "standard input" in p.stderr
    p = run_cli("user", "add", d, "--username", "Bad Name", "--role", "admin",
                stdin=PASSWORD + "\n", check=False)
    assert p.returncode == 2 and "username" in p.stderr
    p = run_cli("user", "add", d, "--username", "shortpw", "--role", "admin", stdin="abc\n",
                check=False)
    assert p.returncode == 2 and "password" in p.stderr
    p = run_cli("serve", d, "--listen", "nonsense", check=False)
    assert p.returncode == 2
    p = run_cli("serve", d, "--bogus", check=False)
    assert p.returncode == 2


@test
def runtime_failures_exit_1():
    p = run_cli("serve", folder("missing"), check=False)
    assert p.returncode == 1 and "not a data folder" in p.stderr
    d = folder("r")
    run_cli("init", d)
    run_cli("user", "add", d, "--username", "dup", "--role", "officer", stdin=PASSWORD + "\n")
    p = run_cli("user", "add", d, "--username", "dup", "--role", "officer",
                stdin=PASSWORD + "\n", check=False)
    assert p.returncode != 0 and "username" in p.stderr
    p = run_cli("user", "add", d, "--username", "x2", "--role", "officer", "--unit", "nowhere",
                stdin=PASSWORD + "\n", check=False)
    assert p.returncode == 1 and "unit" in p.stderr
    p = run_cli("user", "passwd", d, "--username", "ghost", stdin=PASSWORD + "\n", check=False)
    assert p.returncode == 1 and "no user" in p.stderr


@test
def bad_config_is_named():
    d = folder("c")
    run_cli("init", d)
    with open(os.path.join(d, "sodsong.conf"), "a") as f:
        f.write("listn = 127.0.0.1:9\n")
    p = run_cli("serve", d, check=False)
    assert p.returncode == 2 and "sodsong.conf:" in p.stderr, p.stderr


@test
def demo_has_the_contract_numbers():
    d = folder("demo")
    run_cli("init", d)
    run_cli("demo", d)

    def units(*args):
        out = run_cli("unit", "list", d, *args).stdout.strip().splitlines()
        return [line.split("\t") for line in out]

    codes = {u[0]: u for u in units()}
    for c in ["moj", "moj-amjl", "pacc-r7", "nacc-kkn", "kkn-net", "mol", "mol-eyes", "moi"]:
        assert c in codes, c
    assert codes["moj-amjl"][2] == "moj" and codes["mol-eyes"][2] == "mol"
    assert codes["kkn-net"][2] == "nacc-kkn"
    provinces = units("--kind", "province_acoc")
    assert len(provinces) == 77
    assert all(p[2] == "moi" for p in provinces)
    assert any("กรุงเทพมหานคร" in p[3] for p in provinces)
    zones = units("--kind", "zone")
    assert len(zones) == 8 and all(z[2] == "kkn-net" for z in zones)
    teams = units("--kind", "team")
    assert len(teams) == 30
    assert all(t[2].startswith("kkn-zone-") for t in teams)
    # The same every run.
    d2 = folder("demo2")
    run_cli("init", d2)
    run_cli("demo", d2)
    a = run_cli("unit", "list", d).stdout
    b = run_cli("unit", "list", d2).stdout
    assert a == b
    p = run_cli("demo", d, check=False)
    assert p.returncode == 1 and "already" in p.stderr


@test
def user_commands_round_trip():
    d = folder("users")
    run_cli("init", d)
    run_cli("demo", d)
    run_cli("user", "add", d, "--username", "ploy", "--role", "coordinator", "--unit",
            "kkn-net", "--name", "พลอย ใจงาม", stdin=PASSWORD + "\n")
    out = run_cli("user", "list", d).stdout
    assert "ploy\tพลอย ใจงาม\tactive\tcoordinator@kkn-net" in out, out
    run_cli("user", "disable", d, "--username", "ploy")
    assert "ploy\tพลอย ใจงาม\tdisabled" in run_cli("user", "list", d).stdout
    run_cli("user", "disable", d, "--username", "ploy", "--enable")
    run_cli("user", "passwd", d, "--username", "ploy", stdin="a brand new password\n")
    s = Server.__new__(Server)
    s.tmp, s.dir, s.proc, s.log = TMP, d, None, []
    s.start()
    try:
        assert s.api_login("ploy", PASSWORD).status == 401
        assert s.api_login("ploy", "a brand new password").status == 200
    finally:
        assert s.stop() == 0


@test
def unit_add_checks_its_input():
    d = folder("units")
    run_cli("init", d)
    run_cli("unit", "add", d, "--code", "acoc-x", "--kind", "ministry_acoc", "--name-th",
            "ศปท. ทดสอบ", "--name-en", "Test ACOC")
    run_cli("unit", "add", d, "--code", "acoc-x-team", "--kind", "team", "--name-th", "ทีม",
            "--name-en", "Team", "--parent", "acoc-x", "--province", "40", "--district", "4001")
    p = run_cli("unit", "add", d, "--code", "BAD", "--kind", "team", "--name-th", "ก",
                "--name-en", "k", check=False)
    assert p.returncode == 2 and "code" in p.stderr
    p = run_cli("unit", "add", d, "--code", "acoc-x", "--kind", "team", "--name-th", "ก",
                "--name-en", "k", check=False)
    assert p.returncode == 1 and "code" in p.stderr
    out = run_cli("unit", "list", d, "--parent", "acoc-x").stdout
    assert out.startswith("acoc-x-team\tteam\tacoc-x\tทีม\tTeam")


try:
    run()
finally:
    shutil.rmtree(TMP, ignore_errors=True)
