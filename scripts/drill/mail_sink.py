"""A loopback SMTP server that keeps nothing but who was sent what.

The cluster drill points the site's ordinary SMTP backend (EMAIL_HOST,
EMAIL_PORT) at it, so emails go out exactly as in production and the drill
can count them afterwards: one JSON line per message and recipient,
``{"time": ..., "to": ..., "subject": ...}``.

Usage: python scripts/drill/mail_sink.py PORT LOG.jsonl
"""

from __future__ import annotations

import json
import socketserver
import sys
import threading
import time
from email.parser import BytesParser
from email.policy import default as default_policy

LOG_LOCK = threading.Lock()


class _Session(socketserver.StreamRequestHandler):
    """One SMTP conversation: EHLO, MAIL, RCPT, DATA, QUIT (no TLS, no auth)."""

    def _reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        self._reply("220 drill mail sink")
        recipients: list[str] = []
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                self._reply("250 drill")
            elif verb == b"MAIL":
                recipients = []
                self._reply("250 OK")
            elif verb == b"RCPT":
                address = line.split(b":", 1)[1].strip().strip(b"<>")
                recipients.append(address.split(b">")[0].decode())
                self._reply("250 OK")
            elif verb == b"DATA":
                self._reply("354 end with a dot")
                self._store(recipients, self._read_data())
                self._reply("250 OK")
            elif verb == b"QUIT":
                self._reply("221 bye")
                return
            else:  # RSET, NOOP and anything else
                self._reply("250 OK")

    def _read_data(self) -> bytes:
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        return b"".join(lines)

    def _store(self, recipients: list[str], message: bytes) -> None:
        headers = BytesParser(policy=default_policy).parsebytes(
            message, headersonly=True
        )
        subject = str(headers.get("Subject", ""))
        with LOG_LOCK, open(self.server.log_path, "a") as out:  # type: ignore[attr-defined]
            for address in recipients:
                row = {"time": time.time(), "to": address, "subject": subject}
                out.write(json.dumps(row) + "\n")


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def main(port: int, log_path: str) -> None:
    """Serve on 127.0.0.1:PORT until killed."""
    with _Server(("127.0.0.1", port), _Session) as server:
        server.log_path = log_path  # type: ignore[attr-defined]
        server.serve_forever()


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
