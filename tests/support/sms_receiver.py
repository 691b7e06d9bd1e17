"""A real HTTP SMS gateway for tests: http.server on 127.0.0.1 in a thread, optionally TLS.

It records every POST and answers as told: 200, a run of failures then recovery, a slow
answer (for timeouts), or a redirect (which a client must not follow with the token).
"""

from __future__ import annotations

import json
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Received:
    """One request as the gateway saw it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class SmsReceiver:
    """What a running receiver exposes and how it is steered from the test."""

    host: str
    port: int
    scheme: str = "http"
    received: list[Received] = field(default_factory=list)
    failures: list[int] = field(default_factory=list)  # statuses to answer next, in order
    delay: float = 0.0  # seconds to wait before answering
    redirect_to: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}/sms/send?site=acme"

    def fail_next(self, *statuses: int) -> None:
        with self.lock:
            self.failures.extend(statuses)

    def messages(self) -> list[dict[str, Any]]:
        """The JSON bodies of the POSTs, in arrival order."""
        with self.lock:
            return [r.json for r in self.received if r.method == "POST"]


def _handler(receiver: SmsReceiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            with receiver.lock:
                receiver.received.append(
                    Received("POST", self.path, dict(self.headers.items()), body)
                )
                status = receiver.failures.pop(0) if receiver.failures else 200
                delay, redirect = receiver.delay, receiver.redirect_to
            if delay:
                threading.Event().wait(delay)
            if redirect:
                self._answer(307, b"", {"Location": redirect})
                return
            self._answer(status, b'{"id": "m-1"}' if status < 300 else b'{"error": "busy"}')

        def _answer(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
            try:
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except OSError:  # the client gave up (a timeout test): nothing to answer
                pass

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            """Quiet: the tests read ``received`` instead."""

    return Handler


@contextmanager
def running_sms_receiver(*, tls_context: ssl.SSLContext | None = None) -> Iterator[SmsReceiver]:
    """Serve until the block ends; with ``tls_context`` it speaks https."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    server.daemon_threads = True
    receiver = SmsReceiver("127.0.0.1", server.server_address[1])
    server.RequestHandlerClass = _handler(receiver)
    if tls_context is not None:
        server.socket = tls_context.wrap_socket(server.socket, server_side=True)
        receiver.scheme = "https"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        thread.join(10)
        server.server_close()
