"""Request, response and metadata records built without warcio's record builder are warcio's, byte for byte."""

from __future__ import annotations

import gzip
from io import BytesIO
from types import SimpleNamespace

import pytest
from scrapy import Request
from scrapy.http import Response
from warcio.recordbuilder import RecordBuilder
from warcio.statusandheaders import StatusAndHeadersParser
from warcio.warcwriter import WARCWriter

from pipelines.cdxj import index_fields
from pipelines.spool import RollingFile
from pipelines.warc import WarcWriter, member_level, request_http_headers, response_http_headers

RESPONSE_ID = "<urn:uuid:6b1b4e6c-0000-4000-8000-000000000001>"


@pytest.fixture
def writer(tmp_path, monkeypatch):
    """A WarcWriter whose record ids and dates are fixed, so two builds of a record compare."""
    monkeypatch.setattr(StatusAndHeadersParser, "make_warc_id",
                        staticmethod(lambda id_=None: "<urn:uuid:6b1b4e6c-0000-4000-8000-00000000abcd>"))
    monkeypatch.setattr(RecordBuilder, "curr_warc_date", lambda self: "2026-12-08T01:02:03.456789Z")
    warc = WarcWriter(RollingFile(tmp_path, "s/warc/", "t", ".warc.gz", "warc", on_close=lambda c: None),
                      info={"software": "test"})
    warc.rolling.current()  # the file and its warcinfo record
    return warc


def warcio_bytes(record) -> bytes:
    out = WARCWriter(BytesIO(), gzip=False, warc_version="1.1")
    out.write_record(record)
    return out.out.getvalue()


def warcio_request(writer, request_, common: dict) -> bytes:
    """The request record as warcio builds and writes it."""
    return warcio_bytes(writer.writer.create_warc_record(
        request_.url, "request", payload=BytesIO(request_.body), length=len(request_.body),
        http_headers=request_http_headers(request_, "HTTP/1.1"),
        warc_headers_dict={**common, "WARC-Concurrent-To": RESPONSE_ID}))


REQUESTS = [
    Request("http://127.0.0.1:8080/a-story/?utm=1&x=%C3%A9", headers={"User-Agent": "ua/1.0", "Accept": "*/*"}),
    Request("https://example.com/", method="HEAD", headers={"Referer": "https://example.com/feed/"}),
    # a header value outside ASCII: warcio percent-encodes the HTTP head, and so must this
    Request("https://example.com/p", headers={"Referer": "https://example.com/caf\xe9/".encode("latin-1")}),
    Request("https://example.com/item/7", method="DELETE", body=b"reason=dup"),
    Request("https://example.com/h", headers={"Host": "cdn.example.com", "Cookie": ["a=1", "b=2"]}),
]
RESPONSES = [
    Response("https://example.com/a/", status=200, body=gzip.compress(b"<html>story</html>" * 50, mtime=0),
             headers={"Content-Type": "text/html; charset=UTF-8", "Content-Encoding": "gzip",
                      "Set-Cookie": ["a=1; Path=/", "b=2"], "Transfer-Encoding": "chunked"}, protocol="HTTP/1.1"),
    Response("https://example.com/gone", status=404, body=b"not here", headers={"Content-Type": "text/plain"},
             protocol="HTTP/1.0"),
    Response("https://example.com/old", status=301, body=b"", headers={"Location": "/new/"}, protocol="h2"),
    Response("https://example.com/x", status=299, body=b"\x00\xff" * 100,
             headers={"X-Title": "Caf\xe9".encode("latin-1"), "Content-Length": "7"}, protocol=None),
]


def common_headers(writer, ip: str | None) -> dict:
    common = {"WARC-Date": writer.writer.curr_warc_date(), "WARC-Warcinfo-ID": writer.warcinfo_id}
    if ip:
        common["WARC-IP-Address"] = ip
    return common


@pytest.mark.parametrize("request_", REQUESTS, ids=lambda r: f"{r.method} {r.url[:40]}")
@pytest.mark.parametrize("ip", ["127.0.0.1", None])
def test_a_request_record_is_what_warcio_writes(writer, request_, ip):
    common = common_headers(writer, ip)
    data, _ = writer.http_record("request", request_.url, request_http_headers(request_, "HTTP/1.1"),
                                 request_.body, {**common, "WARC-Concurrent-To": RESPONSE_ID})
    assert data == warcio_request(writer, request_, common)


@pytest.mark.parametrize("response", RESPONSES, ids=lambda r: f"{r.status} {r.url[:40]}")
@pytest.mark.parametrize("ip", ["127.0.0.1", None])
def test_a_response_record_and_its_index_fields_are_warcio_s(writer, response, ip):
    common = common_headers(writer, ip)
    data, record = writer.http_record("response", response.url, response_http_headers(response),
                                      response.body, common)
    expected = writer.writer.create_warc_record(
        response.url, "response", payload=BytesIO(response.body), length=len(response.body),
        http_headers=response_http_headers(response), warc_headers_dict=dict(common))
    assert index_fields(record, 0, 10, "f.warc.gz") == index_fields(expected, 0, 10, "f.warc.gz")
    assert member_level(record) == member_level(expected)
    assert data == warcio_bytes(expected)


def test_a_post_goes_through_warcio_so_its_body_keys_the_index(writer):
    request_ = Request("https://example.com/search", method="POST", body=b"q=frigate",
                       headers={"Content-Type": "application/x-www-form-urlencoded"})
    response = Response(request_.url, status=200, body=b"results", headers={"Content-Type": "text/plain"})
    added = []
    writer.indexer.add = lambda key, record, offset, length, name, req, body: added.append(req)
    writer.write_exchange(request_, response)
    (req,) = added
    assert req.http_headers.protocol == "POST" and not isinstance(req, SimpleNamespace)


@pytest.mark.parametrize("url, fields", [
    ("https://example.com/a-story/", [("item-id", "f" * 64), ("spider", "opsintels"),
                                      ("outlink", "https://example.com/b/"), ("outlink", "https://example.com/c/")]),
    ("https://example.com/caf%C3%A9/", [("item-id", "x"), ("canonical-url", "")]),
    ("https://example.com/u/", [("extraction-version", "défense/1"), ("outlink", "https://例え.jp/")]),
])
def test_a_metadata_record_is_what_warcio_writes(writer, url, fields):
    payload = "".join(f"{name}: {value}\r\n" for name, value in fields).encode("utf-8")
    expected = writer.writer.create_warc_record(
        url, "metadata", payload=BytesIO(payload), length=len(payload),
        warc_content_type="application/warc-fields",
        warc_headers_dict={"WARC-Concurrent-To": RESPONSE_ID, "WARC-Warcinfo-ID": writer.warcinfo_id})
    expected = warcio_bytes(expected)
    assert writer.metadata_record(url, RESPONSE_ID, fields) == expected
    # the outlinks given apart, as ArticleRecords gives them: the same record
    head, links = [f for f in fields if f[0] != "outlink"], [value for name, value in fields if name == "outlink"]
    assert fields == head + [("outlink", link) for link in links]
    assert writer.metadata_record(url, RESPONSE_ID, head, links) == expected
