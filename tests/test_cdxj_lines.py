"""The CDXJ index made while writing is the one cdxj-indexer makes from the closed file, byte for byte."""

from __future__ import annotations

import gzip
import logging

import pytest
from scrapy import FormRequest, Request
from scrapy.http import Response

from pipelines import cdxj
from pipelines.spool import RollingFile
from pipelines.warc import WarcWriter

HTML = b"<html><head><title>t</title></head><body><p>Cdxj check.</p></body></html>"


def exchanges():
    """(request, response) pairs covering what an index line depends on."""
    page = "http://Example.COM/news/a-story/?b=2&a=1"
    yield Request(page), Response(page, status=200, body=gzip.compress(HTML, mtime=0), protocol="HTTP/1.1",
                                  headers={"Content-Type": "text/html; charset=UTF-8", "Content-Encoding": "gzip"})
    yield (Request("http://example.com/missing"),
           Response("http://example.com/missing", status=404, body=b"gone", protocol="HTTP/1.1"))
    yield (Request("http://example.com/old"),
           Response("http://example.com/old", status=301, body=b"", protocol="HTTP/1.1",
                    headers={"Location": "/new", "Content-Type": "  Text/HTML ;charset=x"}))
    yield (FormRequest("http://example.com/search", formdata={"q": "frigate", "page": "2"}),
           Response("http://example.com/search", status=200, body=HTML, protocol="HTTP/1.1",
                    headers={"Content-Type": "text/html"}))
    yield (Request("http://example.com/api?x=1", method="PUT", body=b'{"k": "v"}',
                   headers={"Content-Type": "application/json"}),
           Response("http://example.com/api?x=1", status=200, body=b"{}", protocol="h2",
                    headers={"Content-Type": "application/json"}))
    yield (Request("http://example.com/media/%C3%A9t%C3%A9.jpg", method="HEAD"),
           Response("http://example.com/media/%C3%A9t%C3%A9.jpg", status=200, body=b"", protocol="HTTP/1.0",
                    headers={"Content-Type": "image/jpeg"}))


def write_file(tmp_path, more=()) -> tuple[list, WarcWriter]:
    closed = []
    warc = WarcWriter(RollingFile(tmp_path, "s/warc/", "t", ".warc.gz", "warc", on_close=closed.append,
                                  max_bytes=10**9), info={"software": "test"})
    for request, response in [*exchanges(), *more]:
        warc.write_exchange(request, response)
    # while the WARC is open its lines wait, unsorted, in a partial file beside the index-to-be
    # (dropped when a record could not be indexed: the file is then indexed at close)
    assert [p.name.split(".")[-3:] for p in tmp_path.rglob("*.cdxj*")] == ([] if more else [["cdxj", "lines", "open"]])
    # a revisit of the first page, and a metadata record (never indexed)
    first = warc.last_record
    url = "http://example.com/again"
    warc.write_exchange(Request(url), Response(url, body=HTML, protocol="HTTP/1.1",
                                               headers={"Content-Type": "text/html"}), revisit_of=first)
    warc.write_metadata(url, first["record_id"], [("outlink", "http://example.com/x")])
    warc.close()
    return closed, warc


def reference_index(warc_file, tmp_path) -> bytes:
    out = tmp_path / "reference.cdxj"
    cdxj.write_cdxj(warc_file.path, out, warc_file.path.name)
    return out.read_bytes()


@pytest.mark.parametrize("sort_buffer", [cdxj.SORT_BUFFER, 300])  # 300 B: sorted runs spill to disk
def test_lines_made_while_writing_equal_cdxj_indexer_reading_the_file(tmp_path, monkeypatch, sort_buffer):
    monkeypatch.setattr(cdxj, "SORT_BUFFER", sort_buffer)
    read_back = []
    monkeypatch.setattr(cdxj, "write_cdx_index", lambda *args: read_back.append(args))
    closed, _ = write_file(tmp_path / "spool")
    assert read_back == []  # the file was not read back to index it
    warc_file, index_file = closed
    assert (warc_file.kind, index_file.kind) == ("warc", "cdxj")
    monkeypatch.undo()
    made = index_file.path.read_bytes()
    assert made == reference_index(warc_file, tmp_path)
    lines = made.decode().splitlines()
    assert index_file.records == len(lines) == 7  # six responses and one revisit
    assert any('"method": "POST"' in line and "__wb_method=post" in line and "q=frigate" in line
               for line in lines)
    assert any('"mime": "warc/revisit"' in line for line in lines)
    assert [p.name for p in (tmp_path / "spool").rglob("*.cdxj*")] == [index_file.path.name]  # lines file gone


def test_recover_removes_the_lines_of_a_killed_crawl_and_indexes_its_warc(tmp_path):
    from pipelines.recover import recover_spool

    spool = tmp_path / "spool"
    warc = WarcWriter(RollingFile(spool, "s/c/warc/", "t", ".warc.gz", "warc", on_close=lambda c: None,
                                  max_bytes=10**9), info={"software": "test"})
    for request, response in exchanges():
        warc.write_exchange(request, response)
    warc.indexer.pending[warc.rolling.key].flush()  # then the process dies: nothing is closed
    (lines,) = spool.rglob("*" + cdxj.LINES_SUFFIX)
    assert lines.read_text().count("\n") == 6
    recover_spool(spool)
    assert not list(spool.rglob("*.open"))
    (index,) = spool.rglob("*.cdxj")
    assert len(index.read_text().splitlines()) == 6


def test_a_record_it_cannot_describe_sends_the_file_to_cdxj_indexer(tmp_path, caplog):
    odd = (Request("http://example.com/upload", method="POST", body=gzip.compress(b"a=1", mtime=0),
                   headers={"Content-Encoding": "gzip", "Content-Type": "application/x-www-form-urlencoded"}),
           Response("http://example.com/upload", status=204, body=b"", protocol="HTTP/1.1"))
    with caplog.at_level(logging.WARNING, logger="pipelines.cdxj"):
        closed, _ = write_file(tmp_path / "spool", more=[odd])
    warc_file, index_file = closed
    assert "indexed from the file at close" in caplog.text
    assert index_file.path.read_bytes() == reference_index(warc_file, tmp_path)
    assert index_file.records == 8
