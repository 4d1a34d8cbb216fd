"""smtpsink — a small SMTP server on 127.0.0.1 for the end-to-end tests:
just enough of RFC 5321 for one client (EHLO, AUTH, MAIL, RCPT, DATA); it
keeps every message it is given. Python's standard library only."""

import re
import socketserver
import threading


class Sink(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), SinkHandler)
        self.messages = []  # (mail_from, [rcpt], data)
        self.auth = []      # AUTH commands seen (they carry the password)


class SinkHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP (RFC 5321) for one client: EHLO, MAIL, RCPT, DATA."""

    def handle(self):
        def say(line):
            self.wfile.write(line.encode() + b"\r\n")

        say("220 sink ready")
        mail_from, rcpt = None, []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            cmd = line.decode("ascii", "replace").strip()
            verb = cmd.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                say("250-sink\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME")
            elif verb == "AUTH":
                self.server.auth.append(cmd)
                say("235 ok")
            elif verb == "MAIL":
                mail_from, rcpt = cmd, []
                say("250 ok")
            elif verb == "RCPT":
                rcpt.append(re.search(r"<([^>]*)>", cmd).group(1))
                say("250 ok")
            elif verb == "DATA":
                say("354 go on")
                data = b""
                while not data.endswith(b"\r\n.\r\n"):
                    chunk = self.rfile.readline()
                    if not chunk:
                        return
                    data += chunk
                self.server.messages.append((mail_from, rcpt, data[:-5]))
                say("250 queued")
            elif verb == "QUIT":
                say("221 bye")
                return
            else:
                say("250 ok")


def start():
    """A sink serving on a thread of its own."""
    sink = Sink()
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    return sink
