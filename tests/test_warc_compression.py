"""Each WARC record is one gzip member, deflated only when its payload is not compressed already."""

from __future__ import annotations

import gzip
import io
import zlib

import pytest
from scrapy import Request
from scrapy.http import Response
from warcio.archiveiterator import ArchiveIterator

from pipelines.spool import RollingFile
from pipelines.warc import DEFLATED, STORED, WarcWriter, gzip_member

HTML = ("<html><body>" + "<p>Archival compression check.</p>" * 300 + "</body></html>").encode()
NOISE = bytes((n * 7919 + 13) % 251 for n in range(30_000))  # does not deflate


def write(tmp_path, headers: dict, body: bytes):
    warc = WarcWriter(RollingFile(tmp_path, "s/warc/", "t", ".warc.gz", "warc", on_close=lambda c: None,
                                  max_bytes=10**9, background=lambda job, key: job()),
                      info={"software": "test"})
    url = "http://example.com/page"
    pointer, _ = warc.write_exchange(Request(url), Response(url, body=body, headers=headers, protocol="HTTP/1.1"))
    warc.close()
    (path,) = tmp_path.rglob("*.warc.gz")
    data = path.read_bytes()
    return data, data[pointer["offset"]:pointer["offset"] + pointer["length"]]


def deflate_block_type(member: bytes) -> int:
    """BTYPE of the first deflate block after the 10-byte gzip header (0 = stored)."""
    assert member[:3] == b"\x1f\x8b\x08" and member[3] == 0  # no optional gzip fields
    return (member[10] >> 1) & 0b11


@pytest.mark.parametrize("headers, body", [
    ({"Content-Type": "text/html", "Content-Encoding": "gzip"}, gzip.compress(HTML, mtime=0)),
    ({"Content-Type": "text/html", "Content-Encoding": "br"}, NOISE),
    ({"Content-Type": "image/jpeg"}, NOISE),
])
def test_an_already_compressed_payload_is_stored_not_deflated_again(tmp_path, headers, body):
    data, member = write(tmp_path, headers, body)
    assert deflate_block_type(member) == 0
    assert len(body) < len(member) < len(body) + 1024  # the HTTP head is stored too
    records = [(r.rec_type, r.raw_stream.read() if r.rec_type == "response" else None)
               for r in ArchiveIterator(io.BytesIO(data))]
    assert ("response", body) in records  # the raw bytes read back through any gzip reader
    assert gzip.decompress(member).startswith(b"WARC/1.1\r\n")


@pytest.mark.parametrize("headers", [{"Content-Type": "text/html"}, {"Content-Type": "image/svg+xml"},
                                     {"Content-Type": "text/html", "Content-Encoding": "identity"}])
def test_an_uncompressed_payload_is_deflated(tmp_path, headers):
    _, member = write(tmp_path, headers, HTML)
    assert deflate_block_type(member) != 0
    assert len(member) < len(HTML) / 10


def test_gzip_member_levels():
    assert zlib.decompress(gzip_member(HTML, STORED), zlib.MAX_WBITS + 16) == HTML
    assert len(gzip_member(HTML, DEFLATED)) < len(HTML) / 10 < len(gzip_member(HTML, STORED))


def test_a_scan_resumes_at_the_next_record_not_at_a_stored_payloads_own_gzip_header(tmp_path):
    from pipelines.warcscan import Damage, Member, scan

    payload = gzip.compress(HTML, mtime=0)
    data, member = write(tmp_path, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, payload)
    start = data.index(member)
    assert payload[:3] in member  # the payload's gzip magic, verbatim inside the stored member
    damaged = bytearray(data)
    damaged[start + 20:start + 40] = b"\0" * 20  # the response record's member is now unreadable
    found = list(scan(io.BytesIO(bytes(damaged))))
    damage = [f for f in found if isinstance(f, Damage)]
    assert [d.offset for d in damage] == [start]
    assert damage[0].resumed_at == start + len(member)  # the request record, not the payload
    assert [m.record().rec_type for m in found if isinstance(m, Member)] == ["warcinfo", "request"]
