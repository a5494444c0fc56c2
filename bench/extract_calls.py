"""CPU per article of parsing, extraction and validation, outside a crawl, on the generated site.

    python -m bench.extract_calls                         # newest bench/out/site-*, 120 articles
    python -m bench.extract_calls --site bench/out/site-1000-… --pages 300 --repeat 7

The counterpart of :mod:`bench.archive_calls` for the spider's side: each article page of the
site is parsed (``page_selector``), extracted (``extract`` with the opsintels rules) and
validated (``ValidationPipeline``) ``--repeat`` times; the minimum per page, summed, is the
figure (``time.process_time``), so another job on the machine inflates it less than a crawl's.
To compare two commits, run it in a ``git worktree`` of each, one after the other.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from itertools import islice
from pathlib import Path
from urllib.parse import urlsplit

from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from bench.archive_calls import newest, site_pages
from crawler.extract import extract, page_selector
from crawler.spiders.opsintels import OpsIntelsSpider
from pipelines.validate import ValidationPipeline

ARTICLE_PATH = re.compile(r"/[a-z-]+-\d+/")


def article_pages(site: Path, limit: int) -> list[tuple[str, bytes]]:
    """(URL, decoded HTML) of the site's first ``limit`` article pages."""
    origin = json.loads((site / "meta.json").read_text())["origin"]
    pages = ((decoded.url, decoded.body) for _, _, decoded in site_pages(site, origin)
             if ARTICLE_PATH.fullmatch(urlsplit(decoded.url).path))
    return list(islice(pages, limit))


def measure(pages: list[tuple[str, bytes]], repeat: int) -> dict[str, float]:
    """Milliseconds of CPU per article for each step: the minimum of ``repeat`` runs per page."""
    pipeline = ValidationPipeline.from_crawler(get_crawler(settings_dict={}))
    rules, site = OpsIntelsSpider.rules, OpsIntelsSpider.site
    best = {"parse": [float("inf")] * len(pages), "extract": [float("inf")] * len(pages),
            "validate": [float("inf")] * len(pages)}
    for _ in range(repeat):
        for i, (url, body) in enumerate(pages):
            response = HtmlResponse(url, body=body, encoding="utf-8", request=Request(url))
            t0 = time.process_time()
            sel = page_selector(response)
            t1 = time.process_time()
            article = extract(response.text, url, rules=rules, site=site, selector=sel).article
            t2 = time.process_time()
            article.update(crawled_at="2026-01-01T00:00:00+00:00", warc={
                "filename": "a.warc.gz", "path": "c/a.warc.gz", "record_id": "<urn:uuid:0>", "offset": 0, "length": 1})
            pipeline.process_item(article)
            t3 = time.process_time()
            for step, spent in (("parse", t1 - t0), ("extract", t2 - t1), ("validate", t3 - t2)):
                best[step][i] = min(best[step][i], spent)
    return {step: round(sum(times) / len(times) * 1000, 3) for step, times in best.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a generated site (default: the newest in bench/out)")
    parser.add_argument("--pages", type=int, default=120)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    site = args.site or newest("bench/out/site-*")
    pages = article_pages(site, args.pages)
    figures = measure(pages, args.repeat)
    print(f"{len(pages)} articles of {site.name}, CPU ms per article (min of {args.repeat}): "
          + ", ".join(f"{step} {ms}" for step, ms in figures.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
