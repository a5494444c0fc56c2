"""WARC writing: one request and one response record per HTTP exchange, gzip per record.

Records are made from what the archive middleware captured nearest the downloader: the body
still content-encoded, every header value (``getlist``), the real protocol and a reason phrase.
Request, response and metadata records are serialized here, byte for byte as warcio would
(:meth:`WarcWriter.http_record`); warcio builds the rest (warcinfo, revisits, POST and PUT).
Files roll over by size in the spool (:mod:`pipelines.spool`).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
from datetime import datetime, timezone
from http import HTTPStatus
from io import BytesIO
from types import SimpleNamespace
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParser
from warcio.warcwriter import WARCWriter

from pipelines import warcio_compat  # noqa: F401  (br records readable)
from pipelines.cdxj import BODY_METHODS, CdxjIndexer
from pipelines.spool import HashingFile, RollingFile

WARC_VERSION = "1.1"
# Hop-by-hop framing that no longer describes the stored (de-chunked) payload.
FRAMING_HEADERS = {b"transfer-encoding"}
# zlib level of a record's gzip member. A payload that is already compressed (a content coding,
# an image, an archive) is stored: deflating gzip bytes again cost ~0.5 ms per 22 KB page at
# any level and gained nothing (bench/). Level 6 (zlib's default) for the rest (warcio uses 9).
STORED, DEFLATED = 0, 6
# A metadata record (outlinks, mostly one site's URLs): level 1 was 1.5 % larger than level 6
# on the benchmark's pages (831 against 818 bytes) and took 0.10 instead of 0.12 ms per record (bench.archive_calls).
METADATA_LEVEL = 1
COMPRESSED_TYPES = ("image/", "video/", "audio/", "font/woff", "application/zip", "application/gzip",
                    "application/x-gzip", "application/zstd", "application/x-7z", "application/x-xz",
                    "application/x-bzip2", "application/x-rar")


def received_at(warc_date: str | None) -> str | None:
    """A record's ``WARC-Date`` as the items' ``crawled_at`` (ISO 8601, seconds, +00:00)."""
    if not warc_date:
        return None
    when = datetime.fromisoformat(warc_date.replace("Z", "+00:00"))
    return when.astimezone(timezone.utc).isoformat(timespec="seconds")


def reason_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def http_protocol(protocol: str | None) -> str:
    """Scrapy says ``HTTP/1.1`` or ``h2``; WARC status lines want ``HTTP/x``."""
    if not protocol:
        return "HTTP/1.1"
    if protocol.lower() in ("h2", "http/2", "http/2.0"):
        return "HTTP/2"
    return protocol.upper()


def header_list(headers) -> list[tuple[str, str]]:
    """Every value of every header (two Set-Cookie stay two), decoded losslessly."""
    # Scrapy's Headers.items() already yields every value of a name (getlist)
    return [(name.decode("latin-1"), value.decode("latin-1")) for name, values in headers.items() for value in values]


def gzip_member(data: bytes, level: int = DEFLATED) -> bytes:
    """``data`` as one gzip member (a WARC record per member, as readers expect); no mtime."""
    return gzip.compress(data, level, mtime=0)


def digest_value(sha1) -> str:
    """A block or payload digest as warcio writes it: ``sha1:`` and the hash in base32."""
    return "sha1:" + base64.b32encode(sha1.digest()).decode("ascii")


def sha1_digest(data: bytes) -> str:
    return digest_value(hashlib.sha1(data))


def record_bytes(version: str, headers: list[tuple[str, str]], *block: bytes) -> bytes:
    """A WARC record serialized as warcio's ``write_record`` does: version line, headers, block."""
    head = "".join(f"{name}: {value}\r\n" for name, value in headers)
    return b"".join((f"{version}\r\n{head}\r\n".encode("utf-8"), *block, b"\r\n\r\n"))


def member_level(record) -> int:
    """:data:`STORED` for a record whose payload is already compressed, else :data:`DEFLATED`."""
    http = record.http_headers
    if record.rec_type != "response" or http is None:
        return DEFLATED
    coding = (http.get_header("Content-Encoding") or "").strip().lower()
    if coding and coding != "identity":
        return STORED
    kind = (http.get_header("Content-Type") or "").strip().lower()
    if kind.startswith(COMPRESSED_TYPES) and not kind.startswith("image/svg"):
        return STORED
    return DEFLATED


def response_http_headers(response) -> StatusAndHeaders:
    """The response head as stored: framing dropped, Content-Length equal to the payload."""
    headers = []
    for name, value in header_list(response.headers):
        lowered = name.lower().encode()
        if lowered in FRAMING_HEADERS:
            headers.append((f"X-Orig-{name}", value))
        elif lowered == b"content-length":
            if value.strip() != str(len(response.body)):
                headers.append(("X-Orig-Content-Length", value))
        else:
            headers.append((name, value))
    headers.append(("Content-Length", str(len(response.body))))
    status = f"{response.status} {reason_phrase(response.status)}"
    return StatusAndHeaders(status, headers, protocol=http_protocol(response.protocol))


def request_http_headers(request, protocol: str) -> StatusAndHeaders:
    """The request head as Scrapy sent it: method, path with query, and its headers."""
    parts = urlsplit(request.url)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    headers = header_list(request.headers)
    if not any(name.lower() == "host" for name, _ in headers):
        headers.insert(0, ("Host", parts.netloc))
    if request.body and not any(name.lower() == "content-length" for name, _ in headers):
        headers.append(("Content-Length", str(len(request.body))))
    # warcio splits the method off the start line; the version must be in it, not in protocol=
    # (which warcio overwrites with the method), or the record says "GET /path" with no version.
    return StatusAndHeaders(f"{request.method} {target} {protocol}", headers, is_http_request=True)


class WarcWriter:
    """Writes exchanges into rolling ``.warc.gz`` files, each opened with a warcinfo record.

    Records are serialized in memory first and handed to the spool file in one write, so an
    exchange is either wholly in the file (response and its request together) or not at all.
    Each closed file gets a sorted CDXJ index next to it, made as records are written
    (:mod:`pipelines.cdxj`).
    """

    def __init__(self, rolling: RollingFile, info: dict):
        self.rolling = rolling
        self.info = info
        self.warcinfo_id: str | None = None
        rolling.start = self._start_file
        # Records are serialized uncompressed and gzipped here, at a level per record.
        self.writer = WARCWriter(BytesIO(), gzip=False, warc_version=WARC_VERSION)
        self.indexer = CdxjIndexer(rolling)
        #: the response or revisit record just written (type, uri, date, record_id,
        #: payload_digest, refers_to): what the crawl state remembers about a capture
        self.last_record: dict | None = None

    def _serialize(self, *records) -> list[bytes]:
        """Each record as its own gzip member, in memory."""
        members = []
        for record in records:
            self.writer.out = BytesIO()
            self.writer.write_record(record)
            members.append(gzip_member(self.writer.out.getvalue(), member_level(record)))
        return members

    def _start_file(self, fh: HashingFile, name: str) -> None:
        record = self.writer.create_warcinfo_record(name, self.info)
        self.warcinfo_id = record.rec_headers.get_header("WARC-Record-ID")
        fh.write(self._serialize(record)[0])
        self.indexer.begin(self.rolling.key)

    def write_exchange(self, request, response, revisit_of: dict | None = None,
                       payload_digest: str | None = None) -> tuple[dict, str]:
        """Archive one exchange; return the pointer to its response record and its WARC-Date.

        With ``revisit_of`` (an earlier capture of the identical payload: uri, date, record_id,
        payload_digest) the response is written as a ``revisit`` record (identical-payload-digest
        profile: HTTP headers as received, no payload) that points at it, and the pointer is
        the revisit's: readers follow its ``WARC-Refers-To`` for the body. ``payload_digest``:
        the body's, when the caller computed it already (the crawl state's revisit lookup).
        """
        fh = self.rolling.current()
        protocol = http_protocol(response.protocol)
        date = self.writer.curr_warc_date()
        common = {"WARC-Date": date, "WARC-Warcinfo-ID": self.warcinfo_id}
        if response.ip_address is not None:
            common["WARC-IP-Address"] = str(response.ip_address)
        # A POST or PUT goes through warcio: the CDXJ key includes its body, read off its records.
        with_body = request.method.upper() in BODY_METHODS
        if revisit_of or with_body:
            resp = self._revisit_record(response, revisit_of, common) if revisit_of else self.writer.create_warc_record(
                response.url, "response", payload=BytesIO(response.body), length=len(response.body),
                http_headers=response_http_headers(response), warc_headers_dict=dict(common))
            (resp_member,) = self._serialize(resp)
        else:
            resp_bytes, resp = self.http_record("response", response.url, response_http_headers(response),
                                                response.body, common, payload_digest)
            resp_member = gzip_member(resp_bytes, member_level(resp))
        response_id = resp.rec_headers.get_header("WARC-Record-ID")
        self.last_record = {
            "type": resp.rec_type, "uri": response.url, "date": date, "record_id": response_id,
            "payload_digest": resp.rec_headers.get_header("WARC-Payload-Digest"), "refers_to": revisit_of,
        }
        http, body = request_http_headers(request, protocol), request.body or b""
        warc_headers = {**common, "WARC-Concurrent-To": response_id}
        if with_body:
            req = self.writer.create_warc_record(response.url, "request", payload=BytesIO(body), length=len(body),
                                                 http_headers=http, warc_headers_dict=warc_headers)
            (req_member,) = self._serialize(req)
        else:
            req_bytes, req = self.http_record("request", response.url, http, body, warc_headers)
            req_member = gzip_member(req_bytes)
        offset = fh.tell()
        fh.write(resp_member + req_member)
        self.indexer.add(self.rolling.key, resp, offset, len(resp_member), self.rolling.name, req, request.body)
        pointer = {
            "filename": self.rolling.name,
            "path": self.rolling.key,
            "record_id": response_id,
            "offset": offset,
            "length": len(resp_member),
        }
        self.rolling.written(2)
        return pointer, date

    def http_record(self, kind: str, url: str, http: StatusAndHeaders, payload: bytes,
                    warc_headers: dict, payload_digest: str | None = None) -> tuple[bytes, SimpleNamespace]:
        """A ``request`` or ``response`` record: its bytes, and its headers for the index.

        The bytes are what warcio's ``create_warc_record`` and ``write_record`` give, header
        for header and in the same order (tests/test_record_bytes.py). warcio searched its
        header lists by name at every step and copied the payload through buffers: built
        here, an exchange costs 0.26 instead of 0.30 ms outside a crawl (bench.archive_calls)."""
        head = http.to_ascii_bytes()  # warcio's compute_headers_buffer: the HTTP head, %-encoded
        block = hashlib.sha1(head)
        block.update(payload)
        headers = StatusAndHeaders("", [
            *warc_headers.items(), ("WARC-Type", kind), ("WARC-Record-ID", StatusAndHeadersParser.make_warc_id()),
            ("WARC-Target-URI", url), ("WARC-Payload-Digest", payload_digest or sha1_digest(payload)),
            ("WARC-Block-Digest", digest_value(block)),
            ("Content-Type", f"application/http; msgtype={kind}"), ("Content-Length", str(len(head) + len(payload))),
        ], protocol=self.writer.warc_version)
        data = record_bytes(self.writer.warc_version, headers.headers, head, payload)
        return data, SimpleNamespace(rec_type=kind, rec_headers=headers, http_headers=http)

    def _revisit_record(self, response, original: dict, common: dict):
        """A revisit (identical-payload-digest) of ``original``: the HTTP head as received, no payload."""
        return self.writer.create_revisit_record(
            response.url,
            original["payload_digest"],
            original["uri"],
            original["date"],
            http_headers=response_http_headers(response),
            warc_headers_dict={**common, "WARC-Refers-To": original["record_id"]},
        )

    def write_metadata(self, url: str, refers_to: str, fields: list[tuple[str, str]], outlinks=()) -> None:
        """A ``metadata`` record explaining what the crawler derived from a response.

        ``application/warc-fields`` (``name: value`` lines, repeatable), as Heritrix writes
        them: replay tools (pywb, cdxj-indexer) skip such records, so a lookup of the URL
        never answers with the metadata instead of the page.
        """
        fh = self.rolling.current()
        fh.write(gzip_member(self.metadata_record(url, refers_to, fields, outlinks), METADATA_LEVEL))
        self.rolling.written(1)

    def metadata_record(self, url: str, refers_to: str, fields: list[tuple[str, str]], outlinks=()) -> bytes:
        """The metadata record's bytes, built as warcio would (see :meth:`http_record`).

        ``fields`` then an ``outlink`` field per URL of ``outlinks``, joined at once (a page's
        ~60 outlinks as ``(name, value)`` pairs took 6 of the record's 14 µs, bench/)."""
        text = "".join(f"{name}: {value}\r\n" for name, value in fields)
        if outlinks:
            text += "outlink: " + "\r\noutlink: ".join(outlinks) + "\r\n"
        payload = text.encode("utf-8")
        digest = sha1_digest(payload)  # no HTTP head: the block is the payload
        headers = [("WARC-Concurrent-To", refers_to), ("WARC-Warcinfo-ID", self.warcinfo_id),
                   ("WARC-Type", "metadata"), ("WARC-Record-ID", StatusAndHeadersParser.make_warc_id()),
                   ("WARC-Target-URI", url), ("WARC-Date", self.writer.curr_warc_date()),
                   ("WARC-Payload-Digest", digest), ("WARC-Block-Digest", digest),
                   ("Content-Type", "application/warc-fields"), ("Content-Length", str(len(payload)))]
        return record_bytes(self.writer.warc_version, headers, payload)

    def close(self) -> None:
        self.rolling.close()
