"""End to end: the real OpsIntels spider crawls the local test site into a local store."""

from __future__ import annotations

import gzip
import hashlib
import http.server
import json
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.site.opsintels import ARTICLES

SEED = json.loads((Path(__file__).resolve().parents[2] / "shared" / "seeds" / "opsintels-article.expected.json").read_text()) \
    if (Path(__file__).resolve().parents[2] / "shared" / "seeds").is_dir() else None
SEED_SLUG = "russian-allies-belarus-and-iran-agree-to-boost-bilateral-defense-ties"


def slug_of(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1].split("?")[0]


@pytest.fixture(scope="module")
def items(opsintels_crawl):
    return {slug_of(item["url"]): item for item in opsintels_crawl.items()}


def warc_records(result):
    for path in result.files("warc"):
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                yield path, record


def test_seed_article_is_extracted_exactly(items):
    expected = SEED or next(a for a in ARTICLES if a["slug"] == SEED_SLUG)
    item = items[SEED_SLUG]
    assert item["title"] == expected["title"]
    assert item["authors"] == expected["authors"]
    assert item["captions"] == expected["captions"]
    assert item["body_paragraphs"] == expected["body_paragraphs"]
    assert item["body"] == "\n\n".join(expected["body_paragraphs"])
    for text in expected.get("not_in_body", []):
        assert text not in item["body"], text
    assert item["site"] == "opsintels"
    assert item["published_at"].endswith("+00:00") and item["published_at"].startswith("2025-")
    assert item["canonical_url"] == f"https://opsintels.com/{SEED_SLUG}/"
    assert item["lead_image"]["url"].startswith("https://opsintels.com/wp-content/uploads/")
    assert item["lead_image"]["credit"] == "Belarusian Presidential Press Service via AP"
    assert item["language"] == "en-US"


@pytest.mark.parametrize("article", [a for a in ARTICLES if a.get("expect_item", True)], ids=lambda a: a["slug"])
def test_every_article_matches_its_expectations(items, article):
    item = items.get(article["slug"])
    assert item is not None, f"no item for {article['slug']}; got {sorted(items)}"
    assert item["title"] == article["title"]
    assert item["authors"] == article["authors"]
    assert item["captions"] == article["captions"]
    assert item["body_paragraphs"] == article["body_paragraphs"]
    if article.get("published_at"):
        assert item["published_at"] == article["published_at"]
    assert item["word_count"] > 0
    assert len(item["content_sha256"]) == 64


def test_only_articles_become_items(opsintels_crawl, items):
    expected = {a["slug"] for a in ARTICLES if a.get("expect_item", True)}
    assert set(items) == expected


@pytest.mark.parametrize("path", ["/about-us/", "/tag/nato/", "/author/emmanuel-ademuyiwa/", "/category/defense/",
                                  "/ukraine-showcases-long-range-cruise-missile-production/missile-assembly-line/"])
def test_non_article_pages_are_recognised(opsintels_site, path):
    from urllib.request import urlopen

    from crawler.extract import extract
    from crawler.spiders.opsintels import OpsIntelsSpider

    with urlopen(opsintels_site.base_url + path) as response:
        html = response.read().decode("utf-8", "replace")
    url = "https://opsintels.com" + path
    spider = OpsIntelsSpider()
    assert not (spider.is_article_url(url) and extract(html, url, rules=spider.rules).is_article)


def test_each_article_fetched_once(opsintels_crawl):
    """Tracking parameters, http links, old slugs and feed/sitemap/section overlap: one 200 each."""
    items = opsintels_crawl.items()
    canon = [i["canonical_url"] for i in items]
    assert len(canon) == len(set(canon))
    ok = [r.rec_headers.get_header("WARC-Target-URI") for _, r in warc_records(opsintels_crawl)
          if r.rec_type == "response" and r.http_headers.get_statuscode() == "200"]
    article_slugs = {slug_of(i["url"]) for i in items}
    fetched = [slug_of(u) for u in ok if slug_of(u) in article_slugs]
    assert sorted(fetched) == sorted(article_slugs)
    assert all("utm_" not in i["url"] for i in items)


def test_items_point_at_their_warc_response_record(opsintels_crawl):
    for item in opsintels_crawl.items():
        pointer = item["warc"]
        path = opsintels_crawl.archive / pointer["path"]
        assert path.name == pointer["filename"]
        with open(path, "rb") as fh:
            fh.seek(pointer["offset"])
            raw = fh.read(pointer["length"])
        record = next(iter(ArchiveIterator(__import__("io").BytesIO(raw))))
        assert record.rec_type == "response"
        assert record.rec_headers.get_header("WARC-Record-ID") == pointer["record_id"]
        assert record.rec_headers.get_header("WARC-Target-URI") == item["url"]
        assert record.http_headers.get_statuscode() == "200"


def test_warc_files_pass_warcio_check(opsintels_crawl):
    files = opsintels_crawl.files("warc")
    assert files
    check = subprocess.run([str(Path(sys.executable).with_name("warcio")), "check", "-v", *map(str, files)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_every_exchange_is_archived(opsintels_crawl):
    records = [r for _, r in warc_records(opsintels_crawl)]
    types = [r.rec_type for r in records]
    assert types[0] == "warcinfo"
    responses = [r for r in records if r.rec_type == "response"]
    requests = [r for r in records if r.rec_type == "request"]
    stats = opsintels_crawl.manifest["stats"]
    assert len(responses) == stats["downloader/response_count"]
    assert len(requests) == len(responses)
    by_id = {r.rec_headers.get_header("WARC-Record-ID"): r for r in responses}
    for req in requests:
        resp = by_id[req.rec_headers.get_header("WARC-Concurrent-To")]
        assert resp.rec_headers.get_header("WARC-Target-URI") == req.rec_headers.get_header("WARC-Target-URI")
    statuses = {(slug_of(r.rec_headers.get_header("WARC-Target-URI")) or "/", r.http_headers.get_statuscode())
                for r in responses}
    codes = {code for _, code in statuses}
    assert {"200", "301", "404", "500"} <= codes
    uris = {r.rec_headers.get_header("WARC-Target-URI") for r in responses}
    assert any(u.endswith("/robots.txt") for u in uris)
    assert any(u.endswith("/sitemap_index.xml") for u in uris)
    assert any(u.endswith("/post-sitemap.xml") for u in uris)
    assert any(u.endswith("/feed/") for u in uris)


def test_response_bodies_are_stored_as_received(opsintels_crawl):
    gzipped = 0
    for _, record in warc_records(opsintels_crawl):
        if record.rec_type != "response":
            continue
        headers = record.http_headers
        raw = record.raw_stream.read()
        assert headers.get_header("Content-Length") == str(len(raw))
        assert headers.get_header("Transfer-Encoding") is None
        if (headers.get_header("Content-Encoding") or "").lower() == "gzip":
            gzipped += 1
            assert raw[:2] == b"\x1f\x8b"
            gzip.decompress(raw)
    assert gzipped > 0


def test_manifest_lists_every_file_with_size_and_sha256(opsintels_crawl):
    manifest = opsintels_crawl.manifest
    assert manifest["ok"] is True and manifest["problems"] == []
    assert manifest["spider"] == "opsintels" and manifest["site"] == "opsintels"
    assert manifest["schema_version"] == 1
    stored = sorted(p.relative_to(opsintels_crawl.archive).as_posix()
                    for p in opsintels_crawl.archive.rglob("*") if p.is_file())
    listed = sorted(f["key"] for f in manifest["files"]) + [manifest["prefix"] + "manifest.json"]
    assert stored == sorted(listed)
    for entry in manifest["files"]:
        data = (opsintels_crawl.archive / entry["key"]).read_bytes()
        assert len(data) == entry["size"]
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
    assert manifest["counts"]["items"] == len(opsintels_crawl.items())
    assert not list(opsintels_crawl.spool.rglob("*.open"))
    assert not [p for p in opsintels_crawl.spool.rglob("*") if p.is_file()]


def test_items_validate_against_the_schema(opsintels_crawl):
    from jsonschema import Draft202012Validator

    from crawler.items import article_schema

    validator = Draft202012Validator(article_schema())
    for item in opsintels_crawl.items():
        assert not list(validator.iter_errors(item)), item["url"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_site_fails_with_one_clear_line(crawl):
    result = crawl("opsintels", f"http://127.0.0.1:{_free_port()}", settings={"RETRY_TIMES": "0"})
    assert result.returncode == 1
    last = result.log.strip().splitlines()[-1]
    assert last.startswith("crawl failed: no article found at http://127.0.0.1:")
    assert "Traceback" not in result.log


def test_site_without_articles_fails(crawl, tmp_path):
    empty = tmp_path / "empty-site"
    empty.mkdir()
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(empty), **k)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        result = crawl("opsintels", f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
    assert result.returncode == 1
    assert "discovery found no article URL" in result.log.strip().splitlines()[-1]
