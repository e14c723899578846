"""What the local web servers share (the review page, the LanguageTool-compatible server): a threading
HTTP server on loopback unless told otherwise, its URL, and the Host check against DNS rebinding."""

from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

LOOPBACK_NAMES = {"127.0.0.1", "localhost", "::1"}


class LocalServer(ThreadingHTTPServer):
    """A ThreadingHTTPServer on `host` (IPv4 or IPv6), one thread a request."""

    daemon_threads = True

    def __init__(self, host: str, port: int, handler: type[BaseHTTPRequestHandler]) -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        super().__init__((host, port), handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{f'[{host}]' if ':' in host else host}:{port}/"

    def start(self) -> threading.Thread:
        """Serve in a background thread (stop with `shutdown()` then `server_close()`)."""
        thread = threading.Thread(target=self.serve_forever, daemon=True)
        thread.start()
        return thread


def host_allowed(handler: BaseHTTPRequestHandler) -> bool:
    """On a loopback address, only requests addressed to the loopback name (no DNS rebinding)."""
    if handler.server.server_address[0] not in LOOPBACK_NAMES:
        return True
    host = urlsplit(f"//{handler.headers.get('Host', '')}").hostname or ""
    return host in LOOPBACK_NAMES
