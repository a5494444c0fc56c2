"""CPU per call of the archive path, measured outside a crawl on the generated site's pages.

    python -m bench.archive_calls                      # newest bench/out/site-* and full run
    python -m bench.archive_calls --site bench/out/site-300-… --items ….jsonl.gz

A crawl mixes the archive's cost with extraction, Scrapy and the other job on the machine; this
replays the same inputs through each archive call alone (real WarcWriter, JsonLinesWriter,
CrawlState and ArticleRecords on a scratch spool) and prints CPU milliseconds
(``time.process_time``) per call: mean and max. The items are the JSON lines a ``full`` bench
run wrote (``python -m bench.run --runs full`` first), so extraction is not re-run here.
"""

from __future__ import annotations

import argparse
import gzip
import ipaddress
import json
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from types import SimpleNamespace

from scrapy import Request
from scrapy.http import HtmlResponse

from bench.measure import ROOT


class Stats:
    def __init__(self):
        self.values = defaultdict(int)

    def inc_value(self, key, count=1):
        self.values[key] += count


def site_pages(site: Path, origin: str):
    """(request, response as received, response decoded) for every HTML page of the site."""
    index = json.loads((site / "index.json").read_text())
    blob = (site / "pages.bin").read_bytes()
    for path, entry in index.items():
        if not entry["type"].startswith("text/html") or entry["status"] != 200:
            continue
        raw = blob[entry["offset"]:entry["offset"] + entry["length"]]
        url = origin + path
        request = Request(url, headers={
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            "Accept-Language": "en", "User-Agent": "defense-news-crawler/0.1 (bench)",
            "Accept-Encoding": "gzip, deflate, br, zstd", "Referer": origin + "/"})
        headers = {"Content-Type": entry["type"], "Content-Length": str(len(raw)), "Content-Encoding": "gzip",
                   "Date": "Fri, 27 Nov 2026 21:00:00 GMT", "Server": "bench"}
        received = HtmlResponse(url, status=200, headers=headers, body=raw, request=request,
                                protocol="HTTP/1.1", ip_address=ipaddress.ip_address("127.0.0.1"))
        decoded = HtmlResponse(url, status=200, headers={"Content-Type": entry["type"]},
                               body=gzip.decompress(raw), request=request)
        yield request, received, decoded


def newest(pattern: str) -> Path:
    found = sorted(ROOT.glob(pattern), key=lambda p: p.stat().st_mtime)
    if not found:
        raise SystemExit(f"nothing matches {ROOT / pattern}: run `python -m bench.run --quick --runs full` first")
    return found[-1]


def timed(results: dict, name: str, fn, *args):
    start = time.process_time()
    value = fn(*args)
    results[name].append(time.process_time() - start)
    return value


def instrument(results: dict, owner, name: str) -> None:
    """Also time ``owner.name`` wherever it is called from (nested calls are inside their caller)."""
    original = getattr(owner, name)
    label = f"  {owner.__name__}.{name}" if isinstance(owner, type) else f"  {name}"

    def wrapper(*args, **kwargs):
        start = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            results[label].append(time.process_time() - start)

    setattr(owner, name, wrapper)


def measure(site: Path, items_path: Path, origin: str) -> dict[str, list[float]]:
    from pipelines.state import CrawlState
    from pipelines.warc import WarcWriter

    with gzip.open(items_path, "rt", encoding="utf-8") as fh:
        items = {row["url"].split("/", 3)[-1]: row for row in map(json.loads, fh)}
    results: dict[str, list[float]] = defaultdict(list)
    from crawler import urls
    from pipelines import article_records, state

    patched = [(WarcWriter, "write_exchange"), (WarcWriter, "write_metadata"), (CrawlState, "revisit_of"),
               (CrawlState, "archived"), (urls, "canonical_key"), (state, "canonical_key"),
               (article_records, "outlinks")]
    saved = [(owner, name, getattr(owner, name)) for owner, name in patched]
    for owner, name in patched:
        instrument(results, owner, name)
    try:
        measure_into(results, site, items, origin)
    finally:
        for owner, name, original in saved:
            setattr(owner, name, original)
    return results


def measure_into(results, site: Path, items: dict, origin: str) -> None:
    from crawler.extract import page_selector
    from crawler.middlewares import ArchiveMiddleware
    from pipelines.article_records import ArticleRecords
    from pipelines.jsonl import JsonLinesWriter
    from pipelines.spool import RollingFile
    from pipelines.state import CrawlState
    from pipelines.warc import WarcWriter

    with tempfile.TemporaryDirectory(prefix="archive-calls-") as spool:
        closed = []
        warc = WarcWriter(RollingFile(Path(spool), "w/", "bench", ".warc.gz", "warc", on_close=closed.append),
                          info={"software": "bench"})
        jsonl = JsonLinesWriter(RollingFile(Path(spool), "i/", "bench", ".jsonl.gz", "items",
                                            on_close=closed.append))
        session = SimpleNamespace(warc=warc, items=jsonl, state=CrawlState("bench"), problem=print)
        # no extraction here, so no parse pool: ArticleRecords finds each page's outlinks itself
        crawler = SimpleNamespace(stats=Stats(), _archive_session=session, _parse_pool=SimpleNamespace(),
                                  engine=None, signals=SimpleNamespace(connect=lambda *a, **k: None))
        middleware = ArchiveMiddleware(crawler)
        records = ArticleRecords(crawler)
        spider = SimpleNamespace(name="opsintels")
        for request, received, decoded in site_pages(site, origin):
            timed(results, "ArchiveMiddleware.process_response", middleware.process_response, request, received)
            item = items.get(request.url.split("/", 3)[-1])
            if item is None:
                continue
            item = dict(item, warc=request.meta["warc"])
            page_selector(decoded)  # parsed once per page by the spider's extraction, before this
            timed(results, "ArticleRecords.item_scraped", records.item_scraped, item, decoded, spider)
            timed(results, "JsonLinesWriter.write", jsonl.write, item)
            timed(results, "CrawlState.get", session.state.get, item["url"])
        timed(results, "WarcWriter.close (CDXJ, fsync)", warc.close)
        timed(results, "JsonLinesWriter.close", jsonl.close)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a generated site (default: newest bench/out/site-*)")
    parser.add_argument("--items", type=Path, help="JSON lines of a full run (default: newest)")
    parser.add_argument("--origin", default="http://127.0.0.1:18808")
    parser.add_argument("--repeat", type=int, default=3, help="passes; the best mean per call is kept")
    args = parser.parse_args(argv)
    site = args.site or newest("bench/out/site-*")
    items = args.items or newest("bench/out/runs/*/*-full/archive/**/items/*.jsonl.gz")
    best: dict[str, list[float]] = {}
    for _ in range(args.repeat):
        for name, values in measure(site, items, args.origin).items():
            if name not in best or sum(values) < sum(best[name]):
                best[name] = values
    print(f"site {site.name}, items {items.name}; CPU ms per call (process_time), best of {args.repeat}")
    print(f"{'call':<38} {'calls':>6} {'mean':>8} {'max':>8}")
    for name, values in best.items():
        print(f"{name:<38} {len(values):>6} {sum(values) / len(values) * 1e3:>8.3f} {max(values) * 1e3:>8.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
