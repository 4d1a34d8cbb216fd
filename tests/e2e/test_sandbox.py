#!/usr/bin/env python3
"""`sodsong serve` confines itself once started (util/sandbox.c,
docs/sandbox.md): a seccomp filter, no new privileges, no core dumps, and
Landlock limiting the file system to the data folder and what it serves.
Every other end-to-end and browser test runs against the sandboxed server
too: a system call missing from the filter would kill it there.

The refusal of /etc/passwd is proved with a hook of test builds only: the
server reads SOD_TEST_OPEN_AFTER_START at start, tries to open that path
once confined, and logs the outcome."""
import os
import re

from sodtest import Server, run, test

S = Server()


def status(pid):
    with open("/proc/%d/status" % pid) as f:
        return f.read()


def limits(pid):
    with open("/proc/%d/limits" % pid) as f:
        return f.read()


def wait_log(server, needle):
    import time
    deadline = time.time() + 20
    while time.time() < deadline:
        if needle in server.log_text():
            return True
        time.sleep(0.1)
    return False


def has_landlock(server):
    return "this kernel has no Landlock" not in server.log_text()


@test
def the_server_runs_under_seccomp_without_core_dumps():
    S.start()
    try:
        assert S.get("/report").status == 200   # serving, confined
        st = status(S.proc.pid)
        assert re.search(r"^Seccomp:\t2$", st, re.M), st
        assert re.search(r"^NoNewPrivs:\t1$", st, re.M), st
        core = [l for l in limits(S.proc.pid).splitlines() if l.startswith("Max core file size")]
        assert core and core[0].split()[4:6] == ["0", "0"], core
        assert "sandbox: on" in S.log_text()
    finally:
        assert S.stop() == 0


@test
def opening_etc_passwd_after_start_is_refused():
    S.start(env={"SOD_TEST_OPEN_AFTER_START": "/etc/passwd"})
    try:
        assert wait_log(S, "test hook: open /etc/passwd after start:")
        if not has_landlock(S):
            print("     (this kernel has no Landlock: the refusal cannot be shown here)")
            return
        assert "landlock ABI" in S.log_text()
        assert "open /etc/passwd after start: Permission denied" in S.log_text(), S.log_text()
    finally:
        assert S.stop() == 0
    # The data folder itself stays open to the server (the control case).
    # (sodsong.db; on PostgreSQL, whose folder has none, sodsong.conf)
    db = [n for n in os.listdir(S.dir) if n.endswith(".db")] or ["sodsong.conf"]
    path = os.path.join(S.dir, db[0])
    S.start(env={"SOD_TEST_OPEN_AFTER_START": path})
    try:
        assert wait_log(S, "after start: allowed"), S.log_text()
    finally:
        assert S.stop() == 0


@test
def sandbox_false_in_the_config_turns_it_off():
    conf = os.path.join(S.dir, "sodsong.conf")
    with open(conf, "a") as f:
        f.write("\nsandbox = false\n")
    try:
        S.start(env={"SOD_TEST_OPEN_AFTER_START": "/etc/passwd"})
        try:
            assert S.get("/report").status == 200
            assert re.search(r"^Seccomp:\t0$", status(S.proc.pid), re.M)
            assert "sandbox: off" in S.log_text()
            assert "test hook" not in S.log_text()
        finally:
            assert S.stop() == 0
    finally:
        with open(conf) as f:
            text = f.read()
        with open(conf, "w") as f:
            f.write(text.replace("\nsandbox = false\n", ""))


@test
def a_bad_sandbox_value_is_refused_at_start():
    conf = os.path.join(S.dir, "sodsong.conf")
    with open(conf, "a") as f:
        f.write("\nsandbox = maybe\n")
    try:
        try:
            S.start()
        except AssertionError as e:
            assert "not a known setting or not a valid value" in str(e)
        else:
            S.stop()
            raise AssertionError("started with sandbox = maybe")
    finally:
        with open(conf) as f:
            text = f.read()
        with open(conf, "w") as f:
            f.write(text.replace("\nsandbox = maybe\n", ""))
        S.proc = None


try:
    run()
finally:
    S.close()
