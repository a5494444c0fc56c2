"""HTTP/1.1 front end for the mirror apps: gzip, conditional GETs, chunked bodies."""

import gzip
import socket
import sys
import threading
import time
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def shutdown_all(conns) -> None:
    """Cut open client sockets, so a stopped server really stops answering."""
    for conn in conns:
        try:
            conn.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _wants_gzip(header):
    for token in (header or "").split(","):
        name, _, params = token.strip().partition(";")
        if name.strip().lower() in ("gzip", "*"):
            q = params.strip()
            return not (q.startswith("q=") and float(q[2:] or 0) == 0)
    return False


def _not_modified(headers, etag, last_modified):
    inm = headers.get("If-None-Match")
    if inm is not None:
        if not etag:
            return False
        tags = [t.strip().removeprefix("W/") for t in inm.split(",")]
        return "*" in tags or etag.removeprefix("W/") in tags
    ims = headers.get("If-Modified-Since")
    if ims and last_modified:
        try:
            return parsedate_to_datetime(last_modified) <= parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
    return False


def write_chunked(wfile, body, size=4096):
    """``Transfer-Encoding: chunked`` framing of ``body`` in pieces of ``size`` bytes."""
    for i in range(0, len(body), size):
        piece = body[i:i + size]
        wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
    wfile.write(b"0\r\n\r\n")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "nginx"
    timeout = 30  # idle keep-alive connections are closed after this many seconds

    def version_string(self):
        return self.server_version

    def log_message(self, format, *args):  # keep test output quiet
        pass

    def setup(self):
        super().setup()
        self.server.track(self.connection, True)

    def finish(self):
        try:
            super().finish()
        finally:
            self.server.track(self.connection, False)

    def do_GET(self):
        self._serve(head=False)

    def do_HEAD(self):
        self._serve(head=True)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self._serve(head=False)

    def _serve(self, head):
        site = self.server.site
        host = self.headers.get("Host") or "%s:%s" % self.server.server_address[:2]
        resp = site.app.handle(self.command, self.path, host)
        site._record(self.command, self.path, resp.status)
        if resp.delay:
            time.sleep(resp.delay)

        body = resp.body
        headers = list(resp.headers)
        etag = resp.etag
        encoded = resp.compressible and body and _wants_gzip(self.headers.get("Accept-Encoding"))
        if encoded:
            body = gzip.compress(body, mtime=0)
            etag = f"W/{etag}" if etag and not etag.startswith("W/") else etag
        if resp.status == 200 and (etag or resp.last_modified) and not site.ignore_conditionals and \
                _not_modified(self.headers, etag, resp.last_modified):
            self.send_response(304)
            self._validators(etag, resp.last_modified)
            self.end_headers()
            return

        self.send_response(resp.status)
        if resp.status != 301 or body:
            self.send_header("Content-Type", resp.content_type)
        if resp.compressible:
            self.send_header("Vary", "Accept-Encoding")
        if encoded:
            self.send_header("Content-Encoding", "gzip")
        self._validators(etag, resp.last_modified)
        for name, value in headers:
            self.send_header(name, value)
        if resp.chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if head:
            return
        if resp.chunked:
            write_chunked(self.wfile, body)
        else:
            self.wfile.write(body)
        self.wfile.flush()

    def _validators(self, etag, last_modified):
        if etag:
            self.send_header("ETag", etag)
        if last_modified:
            self.send_header("Last-Modified", last_modified)


class Server(ThreadingHTTPServer):
    """ThreadingHTTPServer that can close its open keep-alive connections."""

    daemon_threads = False  # server_close() joins the handler threads
    block_on_close = True

    def __init__(self, address, site):
        self.site = site
        self._conns = set()
        self._conns_lock = threading.Lock()
        super().__init__(address, Handler)

    def track(self, conn, alive):
        with self._conns_lock:
            (self._conns.add if alive else self._conns.discard)(conn)

    def close_connections(self):
        with self._conns_lock:
            shutdown_all(list(self._conns))

    def handle_error(self, request, client_address):
        # Clients hanging up (or stop() closing sockets) is not an error here.
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError, OSError)):
            super().handle_error(request, client_address)
