"""The crawl state (pipelines.state), revisit records and the incremental middleware, piece by piece."""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler
from warcio.archiveiterator import ArchiveIterator

from crawler.incremental import IncrementalMiddleware, NotModified, Unchanged
from pipelines.spool import RollingFile
from pipelines.state import CrawlState, parse_lastmod
from pipelines.warc import sha1_digest as payload_digest  # WARC-Payload-Digest of a body
from pipelines.store import LocalStore
from pipelines.warc import WarcWriter

BODY = b"<html><body><h1>Same page</h1><p>Same words.</p></body></html>"
HEADERS = {"ETag": '"abc"', "Last-Modified": "Wed, 10 Sep 2025 08:00:00 GMT",
           "Date": "Thu, 11 Sep 2025 12:00:00 GMT", "Content-Type": "text/html"}


def response(url: str, body: bytes = BODY, status: int = 200, headers: dict = HEADERS) -> HtmlResponse:
    return HtmlResponse(url, status=status, body=body, headers=headers, request=Request(url))


def warc_writer(spool: Path, closed: list) -> WarcWriter:
    rolling = RollingFile(spool, "site/warc/", "test", ".warc.gz", "warc", on_close=closed.append)
    return WarcWriter(rolling, info={"software": "test"})


def archive(writer: WarcWriter, state: CrawlState, resp) -> dict:
    """What ArchiveMiddleware does with each exchange."""
    pointer, _ = writer.write_exchange(resp.request, resp, revisit_of=state.revisit_of(resp))
    state.archived(resp, pointer, writer.last_record)
    return pointer


def test_same_payload_under_a_second_url_is_written_as_a_revisit(tmp_path):
    closed, state = [], CrawlState("site")
    writer = warc_writer(tmp_path, closed)
    first = archive(writer, state, response("https://example.com/a/"))
    second = archive(writer, state, response("https://example.com/a-copy/"))
    archive(writer, state, response("https://example.com/b/", body=BODY + b"<!-- other -->"))
    writer.close()

    path = closed[0].path
    with open(path, "rb") as fh:
        found = {r.rec_headers.get_header("WARC-Record-ID"): (r.rec_type, dict(r.rec_headers.headers))
                 for r in ArchiveIterator(fh)}
    assert [t for t, _ in found.values()].count("revisit") == 1
    kind, headers = found[second["record_id"]]
    original = found[first["record_id"]][1]
    assert kind == "revisit"
    assert headers["WARC-Refers-To"] == first["record_id"]
    assert headers["WARC-Refers-To-Target-URI"] == "https://example.com/a/"
    assert headers["WARC-Refers-To-Date"] == original["WARC-Date"]
    assert headers["WARC-Payload-Digest"] == original["WARC-Payload-Digest"] == payload_digest(BODY)
    # The second URL's state points at the full capture, never at the revisit.
    assert state.get("https://example.com/a-copy/").capture["record_id"] == first["record_id"]
    # One capture per payload, the first URL's own dict (not a copy per URL); a lookup adds the digest
    assert state.by_digest[payload_digest(BODY)] is state.get("https://example.com/a/").capture
    assert state.revisit_of(response("https://example.com/x/")) == {
        **state.get("https://example.com/a/").capture, "payload_digest": payload_digest(BODY)}
    with open(path, "rb") as fh:  # the item's pointer for the copy lands on the revisit record
        fh.seek(second["offset"])
        assert next(iter(ArchiveIterator(fh))).rec_type == "revisit"
    check = subprocess.run([str(Path(sys.executable).with_name("warcio")), "check", "-v", str(path)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_empty_and_unsuccessful_payloads_are_never_revisits(tmp_path):
    state, writer = CrawlState("site"), warc_writer(tmp_path, [])
    archive(writer, state, response("https://example.com/a/", status=404))
    assert state.revisit_of(response("https://example.com/b/", status=404)) is None
    archive(writer, state, response("https://example.com/c/", body=b""))
    assert state.revisit_of(response("https://example.com/d/", body=b"")) is None


def test_state_round_trips_through_the_store_as_a_new_object_each_time(tmp_path):
    store, state = LocalStore(tmp_path / "archive"), CrawlState("site")
    archive(warc_writer(tmp_path / "spool", []), state, response("https://example.com/a/?utm_source=x"))
    state.emitted("https://example.com/a", "f" * 64)
    first = state.save(store, tmp_path / "spool", "crawl-1")
    second = state.save(store, tmp_path / "spool", "crawl-2")

    assert CrawlState.keys(store, "site") == [first.key, second.key]
    loaded = CrawlState.load_newest(store, "site")
    assert loaded.loaded_from == second.key
    entry = loaded.get("http://example.com/a/")  # same page: scheme, slash and tracking ignored
    assert (entry.etag, entry.last_modified, entry.content_sha256) == ('"abc"', HEADERS["Last-Modified"], "f" * 64)
    assert entry.payload_digest == payload_digest(BODY)
    assert entry.capture["path"].startswith("site/warc/") and entry.capture["record_id"].startswith("<urn:uuid:")
    assert loaded.revisit_of(response("https://example.com/elsewhere/"))["record_id"] == entry.capture["record_id"]
    assert not list((tmp_path / "spool").rglob("crawl-state-*"))


def test_overlapping_runs_merge_instead_of_overwriting(tmp_path):
    store, spool = LocalStore(tmp_path / "archive"), tmp_path / "spool"
    writer = warc_writer(spool, [])
    base = CrawlState("site")
    archive(writer, base, response("https://example.com/old/"))
    base.save(store, spool, "crawl-0")
    run_a, run_b = CrawlState.load_newest(store, "site"), CrawlState.load_newest(store, "site")
    archive(writer, run_a, response("https://example.com/a/", body=b"a"))
    archive(writer, run_b, response("https://example.com/b/", body=b"b"))
    run_a.save(store, spool, "crawl-a")
    run_b.save(store, spool, "crawl-b")

    newest = CrawlState.load_newest(store, "site")
    assert {e.url for e in newest.urls.values()} == {f"https://example.com/{p}/" for p in ("old", "a", "b")}
    assert len(CrawlState.keys(store, "site")) == 3


def test_an_unreadable_newest_state_falls_back_to_the_previous_one(tmp_path):
    store, spool = LocalStore(tmp_path / "archive"), tmp_path / "spool"
    good = CrawlState("site")
    archive(warc_writer(spool, []), good, response("https://example.com/a/"))
    good.save(store, spool, "crawl-1")
    broken = spool / "broken"
    broken.write_bytes(gzip.compress(b"not json\n")[:10])
    store.put(broken, "site/state/crawl-state-29990101T000000000000Z-crawl-9.jsonl.gz")
    crawler = get_crawler()

    loaded = CrawlState.load_newest(store, "site", crawler.stats)
    assert loaded is not None and loaded.get("https://example.com/a/") is not None
    assert crawler.stats.get_value("incremental/state/unreadable") == 1


@pytest.mark.parametrize("lastmod, skipped", [
    ("2025-09-11T11:59:59+00:00", True),   # older than the server's Date of our visit
    ("2025-09-11T12:00:00+00:00", False),  # same second: may have changed after we looked
    ("2025-09-11T13:00:00Z", False),
    ("2025-09-11", False),                 # a day: read as its end
    ("2025-09-10", True),
    ("2025-09-11T13:00:00+02:00", True),   # 11:00 UTC
])
def test_sitemap_lastmod_is_compared_with_the_last_visit(lastmod, skipped):
    state = CrawlState("site")
    state._answered(response("https://example.com/a/"))
    assert state.unchanged_since_visit("https://example.com/a/", lastmod) is skipped


def test_unreadable_lastmod_is_not_a_reason_to_skip():
    assert parse_lastmod("last tuesday") is None


@pytest.fixture
def middleware(tmp_path):
    from pipelines.session import ArchiveSession

    crawler = get_crawler(settings_dict={"ARCHIVE_URI": str(tmp_path / "archive"),
                                         "ARCHIVE_SPOOL_DIR": str(tmp_path / "spool")})
    session = ArchiveSession.of(crawler)
    session.state = CrawlState("site")
    archive(warc_writer(tmp_path / "spool", []), session.state, response("https://example.com/a/"))
    return IncrementalMiddleware.from_crawler(crawler)


def test_known_article_requests_become_conditional(middleware):
    request = Request("https://example.com/a/", meta={"discovered_by": "feed"})
    assert middleware.process_request(request) is None
    assert request.headers[b"If-None-Match"] == b'"abc"'
    assert request.headers[b"If-Modified-Since"] == HEADERS["Last-Modified"].encode()
    with pytest.raises(NotModified):
        middleware.process_response(request, response("https://example.com/a/", body=b"", status=304))
    # A redirect to an unknown URL copies the request: our validators must not follow it.
    moved = request.replace(url="https://example.com/unknown/")
    middleware.process_request(moved)
    assert b"If-None-Match" not in moved.headers and b"If-Modified-Since" not in moved.headers
    # Sitemaps and feeds are never conditional: a 304 would leave nothing to discover.
    sitemap = Request("https://example.com/a/")
    middleware.process_request(sitemap)
    assert b"If-None-Match" not in sitemap.headers


def test_article_with_an_older_sitemap_lastmod_is_not_requested(middleware):
    request = Request("https://example.com/a/", meta={"discovered_by": "sitemap", "lastmod": "2025-09-01"})
    with pytest.raises(Unchanged):
        middleware.process_request(request)
    assert middleware.stats.get_value("incremental/skipped/lastmod") == 1


def test_a_full_crawl_sends_plain_requests(middleware):
    middleware.session.state.incremental = False
    request = Request("https://example.com/a/", meta={"discovered_by": "sitemap", "lastmod": "2025-09-01"})
    assert middleware.process_request(request) is None
    assert b"If-None-Match" not in request.headers
