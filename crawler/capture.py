"""Turn one fetched page into a regression fixture: a small WARC plus the expected article JSON.

The page is fetched by a normal crawl (same settings, ArchiveMiddleware and WarcWriter) into a
temporary store; the fixture WARC is a byte copy of that crawl's warcinfo record and of every
record of the page (redirects included, robots.txt left out), so the test suite reads exactly
what a crawl would have archived. ``tests/test_captures.py`` runs every fixture.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import scrapy
from warcio.archiveiterator import ArchiveIterator

from crawler.extract import decode_html, extract_article

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "captures"


class CaptureFailed(Exception):
    """The page could not be captured (fetch failed, not HTML, nothing archived)."""


def capture_spider(spidercls, url: str):
    """A subclass of ``spidercls`` that fetches only ``url`` and never turns the crawl red."""

    class CaptureSpider(spidercls):
        async def start(self):
            yield scrapy.Request(url, callback=self.parse_article, errback=self.on_error, dont_filter=True)

        def closing_checks(self):
            return []

    CaptureSpider.__name__ = f"Capture{spidercls.__name__}"
    return CaptureSpider


def fixture_name(url: str) -> str:
    path = urlsplit(url).path.strip("/") or "index"
    return re.sub(r"[^A-Za-z0-9._-]+", "-", path.rsplit("/", 1)[-1])[:80] or "page"


def page_records(warc_path: Path):
    """(offset, length, record type, target URI, status, content type) of each record."""
    out = []
    with open(warc_path, "rb") as fh:
        records = ArchiveIterator(fh)
        for record in records:
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            status = record.http_headers.get_statuscode() if record.http_headers and record.rec_type == "response" else None
            ctype = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
            record.content_stream().read()
            out.append((records.get_record_offset(), records.get_record_length(), record.rec_type, uri, status, ctype))
    return out


def write_fixture(archive: Path, url: str, spider_name: str, site: str, out_dir: Path) -> tuple[Path, Path]:
    """Copy the page's records out of the crawl's WARC and write the expected JSON beside them."""
    warcs = sorted(archive.rglob("*.warc.gz"))
    if not warcs:
        raise CaptureFailed("the crawl archived nothing")
    records = page_records(warcs[0])
    keep = [r for r in records if r[2] == "warcinfo" or (r[3] and not r[3].endswith("/robots.txt"))]
    pages = [r for r in keep if r[2] == "response" and r[4] == "200" and "html" in r[5]]
    if not pages:
        statuses = ", ".join(f"{r[3]} {r[4]}" for r in keep if r[2] == "response") or "no response"
        raise CaptureFailed(f"no HTML page was fetched ({statuses})")
    target = pages[-1][3]
    out_dir.mkdir(parents=True, exist_ok=True)
    name = fixture_name(target)
    warc_out, json_out = out_dir / f"{name}.warc.gz", out_dir / f"{name}.json"
    with open(warcs[0], "rb") as src, open(warc_out, "wb") as dst:
        for offset, length, *_ in keep:
            src.seek(offset)
            dst.write(src.read(length))
    html, ctype = read_page(warc_out, target)
    article = extract_article(decode_html(html, ctype), target, spider_name)
    article.pop("crawled_at", None)
    article.pop("warc", None)
    fixture = {"url": target, "requested_url": url, "spider": spider_name, "site": site, "article": article}
    json_out.write_text(json.dumps(fixture, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return warc_out, json_out


def read_page(warc_path: Path, url: str) -> tuple[bytes, str]:
    """The decoded payload and Content-Type of the 200 response for ``url`` in a fixture WARC."""
    with open(warc_path, "rb") as fh:
        for record in ArchiveIterator(fh):
            if (record.rec_type == "response" and record.rec_headers.get_header("WARC-Target-URI") == url
                    and record.http_headers.get_statuscode() == "200"):
                return record.content_stream().read(), record.http_headers.get_header("Content-Type") or ""
    raise CaptureFailed(f"no 200 response for {url} in {warc_path}")
