"""Record fidelity: what the WARC holds is what went over the wire, for every kind of exchange.

A small loopback server records every request head it receives and the exact bytes it sends
(each content coding Scrapy accepts, chunked or not, duplicate headers, binary, a 5xx that
succeeds on retry, a 404), next to the OpsIntels test site's own quirks (three Set-Cookie on
the home page, a chunked gzip feed, gzip HTML, a 301 from a query URL).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import http.server
import threading
import zlib
from urllib.request import Request, urlopen

import brotli
import pytest
from backports import zstd
from warcio.archiveiterator import ArchiveIterator

from tests.conftest import run_crawl
from tests.site.server import write_chunked

PLAIN = ("<html><body>" + "Archival fidelity check. " * 200 + "</body></html>").encode()
BINARY = bytes(range(256)) * 40
ENCODERS = {
    "gzip": lambda b: gzip.compress(b, mtime=0),
    "deflate": zlib.compress,
    "br": brotli.compress,
    "zstd": zstd.compress,
    "identity": lambda b: b,
}


class Wire(http.server.BaseHTTPRequestHandler):
    """Serves the fidelity cases and remembers request heads and sent payloads by path."""

    protocol_version = "HTTP/1.1"
    received: dict = {}
    sent: dict = {}
    hits: dict = {}

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = self.path
        self.received.setdefault(path, []).append((self.requestline, list(self.headers.items())))
        self.hits[path] = self.hits.get(path, 0) + 1
        kind = path.split("?")[0].strip("/").split("/")
        headers, status, body, chunked = [], 200, b"", False
        if kind[0] == "enc":
            coding, chunked = kind[1], kind[2] == "chunked"
            body = ENCODERS[coding](PLAIN)
            headers = [("Content-Type", "text/html; charset=utf-8")]
            if coding != "identity":
                headers.append(("Content-Encoding", coding))
            headers += [("Set-Cookie", "a=1; path=/"), ("Set-Cookie", "b=2; path=/"), ("X-Dup", "one"), ("X-Dup", "two")]
        elif kind[0] == "binary":
            body, headers = BINARY, [("Content-Type", "application/octet-stream")]
        elif kind[0] == "flaky":
            status = 503 if self.hits[path] == 1 else 200
            body, headers = f"attempt {self.hits[path]}".encode(), [("Content-Type", "text/plain")]
        elif kind[0] == "gone":
            status, body, headers = 404, b"not here", [("Content-Type", "text/plain")]
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if chunked:
            write_chunked(self.wfile, body, 1000)
        else:
            self.wfile.write(body)
        self.sent.setdefault(path, []).append((status, body))


@pytest.fixture(scope="module")
def wire():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Wire)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


WIRE_PATHS = [f"/enc/{c}/{m}?q={c}&x=1" for c in ENCODERS for m in ("plain", "chunked")] + \
    ["/binary/", "/flaky/", "/gone/"]


@pytest.fixture(scope="module")
def fetched(wire, opsintels_site, tmp_path_factory):
    """One crawl through the project's stack over the wire cases and the test site's quirks."""
    opsintels_site.reset()
    post_id = opsintels_site.articles[0].get("post_id")
    site_paths = ["/", "/feed/", f"/{opsintels_site.articles[0]['slug']}/", "/wp-content/uploads/2025/08/photo.jpg"]
    if post_id:
        site_paths.append(f"/?p={post_id}")
    urls = [wire + p for p in WIRE_PATHS] + [opsintels_site.base_url + p for p in site_paths]
    result = run_crawl("fetch", None, tmp_path_factory.mktemp("fidelity"), "-a", "urls=" + ",".join(urls),
                       settings={"SPIDER_MODULES": "tests.spiders", "ROBOTSTXT_OBEY": "False", "SPIDERMON_MIN_ITEMS": "0", "ARCHIVE_REVISITS": "False"})
    assert result.returncode == 0, result.log[-3000:]
    records = []
    for path in result.files("warc"):
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                raw = record.raw_stream.read() if record.rec_type in ("response", "request") else b""
                records.append((record, raw))
    return result, records, wire


def sha1_b32(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


def responses_for(records, url):
    return [(r, raw) for r, raw in records if r.rec_type == "response"
            and r.rec_headers.get_header("WARC-Target-URI") == url]


def request_for(records, response):
    rid = response.rec_headers.get_header("WARC-Record-ID")
    [req] = [r for r, _ in records if r.rec_type == "request" and r.rec_headers.get_header("WARC-Concurrent-To") == rid]
    return req


def test_every_exchange_including_retried_and_dropped_is_archived(fetched):
    result, records, wire = fetched
    stats = result.manifest["stats"]
    responses = [r for r, _ in records if r.rec_type == "response"]
    assert len(responses) == stats["downloader/response_count"] == stats["archive/warc/responses"]
    flaky = [r.http_headers.get_statuscode() for r, _ in responses_for(records, wire + "/flaky/")]
    assert flaky == ["503", "200"]  # the failed attempt is kept, not only the retry
    [(gone, _)] = responses_for(records, wire + "/gone/")  # HttpErrorMiddleware drops it later
    assert gone.http_headers.statusline == "404 Not Found"
    assert stats["fetch/failed"] == 1  # the 404 never reached parse(), its record is kept


@pytest.mark.parametrize("path", WIRE_PATHS)
def test_payload_is_the_bytes_sent_with_their_coding(fetched, path):
    _, records, wire = fetched
    sent = Wire.sent[path]
    archived = responses_for(records, wire + path)
    assert len(archived) == len(sent)
    for (record, payload), (status, body) in zip(archived, sent):
        headers = record.http_headers
        assert headers.protocol == "HTTP/1.1"
        assert headers.get_statuscode() == str(status)
        assert payload == body  # de-chunked, still content-encoded
        assert record.rec_headers.get_header("WARC-Payload-Digest") == sha1_b32(body)
        assert headers.get_header("Content-Length") == str(len(body))
        assert headers.get_header("Transfer-Encoding") is None
        if path.startswith("/enc/"):
            coding = path.split("/")[2]
            assert headers.get_header("Content-Encoding") == (None if coding == "identity" else coding)
            assert [v for k, v in headers.headers if k.lower() == "set-cookie"] == ["a=1; path=/", "b=2; path=/"]
            assert [v for k, v in headers.headers if k.lower() == "x-dup"] == ["one", "two"]
        assert record.rec_headers.get_header("WARC-IP-Address") == "127.0.0.1"


@pytest.mark.parametrize("path", WIRE_PATHS)
def test_request_record_is_the_request_sent(fetched, path):
    _, records, wire = fetched
    for (record, _), (line, received) in zip(responses_for(records, wire + path), Wire.received[path]):
        request = request_for(records, record)
        head = request.http_headers
        assert f"{head.protocol} {head.statusline}" == line  # method, path and query, protocol
        archived = {(k.lower(), v) for k, v in head.headers}
        on_wire = {(k.lower(), v) for k, v in received}
        assert on_wire <= archived, on_wire - archived
        names = {k for k, _ in archived}
        assert {"user-agent", "accept-encoding", "host"} <= names
        assert dict(archived)["accept-encoding"] == dict(on_wire)["accept-encoding"]


def test_test_site_home_keeps_all_three_set_cookie_headers(fetched, opsintels_site):
    _, records, _ = fetched
    [(home, _)] = responses_for(records, opsintels_site.base_url + "/")
    cookies = [v for k, v in home.http_headers.headers if k.lower() == "set-cookie"]
    assert len(cookies) == 3 and cookies[0] == cookies[1]


def _direct(url: str) -> tuple[dict, bytes]:
    with urlopen(Request(url, headers={"Accept-Encoding": "gzip"})) as response:
        return dict(response.headers), response.read()


def test_chunked_gzip_feed_and_gzip_html_are_stored_encoded(fetched, opsintels_site):
    _, records, _ = fetched
    for path in ("/feed/", f"/{opsintels_site.articles[0]['slug']}/"):
        record, payload = [(r, raw) for r, raw in responses_for(records, opsintels_site.base_url + path)
                           if r.http_headers.get_statuscode() == "200"][-1]
        headers = record.http_headers
        assert headers.get_header("Content-Encoding") == "gzip"
        assert headers.get_header("Transfer-Encoding") is None
        assert headers.get_header("Content-Length") == str(len(payload))
        assert payload[:2] == b"\x1f\x8b"
        assert record.rec_headers.get_header("WARC-Payload-Digest") == sha1_b32(payload)
        _, direct = _direct(opsintels_site.base_url + path)
        assert payload == direct  # the same gzip bytes a client gets
        assert gzip.decompress(payload).lstrip().lower().startswith((b"<?xml", b"<!doctype"))


def test_binary_and_redirect_from_a_query_url(fetched, opsintels_site):
    _, records, _ = fetched
    [(image, payload)] = responses_for(records, opsintels_site.base_url + "/wp-content/uploads/2025/08/photo.jpg")
    assert image.http_headers.get_header("Content-Type") == "image/jpeg"
    assert payload.startswith(b"\xff\xd8") and payload == _direct(image.rec_headers.get_header("WARC-Target-URI"))[1]
    post_id = opsintels_site.articles[0].get("post_id")
    if not post_id:
        pytest.skip("test site articles carry no post_id")
    [(moved, _)] = responses_for(records, f"{opsintels_site.base_url}/?p={post_id}")
    assert moved.http_headers.statusline == "301 Moved Permanently"
    assert moved.http_headers.get_header("Location").endswith(f"/{opsintels_site.articles[0]['slug']}/")
    head = request_for(records, moved).http_headers
    assert f"{head.protocol} {head.statusline}" == f"GET /?p={post_id} HTTP/1.1"
