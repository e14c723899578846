"""What the local web servers share (the review page, the LanguageTool-compatible server): a threading
HTTP server on loopback unless told otherwise, its URL, a per-connection timeout, and the Host check
against DNS rebinding."""

from __future__ import annotations

import ipaddress
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

CONNECTION_TIMEOUT = 30.0  # seconds a client may stay silent before its connection is closed


class LocalServer(ThreadingHTTPServer):
    """A ThreadingHTTPServer on `host` (IPv4 or IPv6), one thread a request."""

    daemon_threads = True

    def __init__(self, host: str, port: int, handler: type[BaseHTTPRequestHandler],
                 timeout: float = CONNECTION_TIMEOUT) -> None:
        self.host_names = {"localhost", host.strip("[]").lower()}  # and any address literal
        self.timeout = timeout
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        super().__init__((host, port), handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{f'[{host}]' if ':' in host else host}:{port}/"

    def run(self) -> None:
        """Serve in this thread until Ctrl-C, then close the socket."""
        try:
            self.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            self.server_close()

    def start(self) -> threading.Thread:
        """Serve in a background thread (stop with `shutdown()` then `server_close()`)."""
        thread = threading.Thread(target=self.serve_forever, daemon=True)
        thread.start()
        return thread


class LocalHandler(BaseHTTPRequestHandler):
    """A handler whose connection reads and writes time out as its server says (idle or stalled clients)."""

    def setup(self) -> None:
        self.timeout = self.server.timeout
        super().setup()


def host_allowed(handler: BaseHTTPRequestHandler) -> bool:
    """Only requests addressed to an address literal, `localhost` or the name the server was started
    with, whatever address it is bound to: a page from another site cannot reach it by rebinding its
    own name."""
    host = (urlsplit(f"//{handler.headers.get('Host', '')}").hostname or "").lower()
    if host in handler.server.host_names:
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
