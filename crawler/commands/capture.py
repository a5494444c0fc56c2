"""``scrapy capture URL [--spider NAME]``: store a real page as a test fixture (WARC + JSON).

Run it with internet access on a page whose extraction you want to keep working; commit the
two files it writes under tests/fixtures/captures/<site>/. Review the JSON first: it is what
the extraction produces today, and the test suite will hold every later version to it.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.capture import DEFAULT_DIR, CaptureFailed, capture_spider, write_fixture


class Command(ScrapyCommand):
    requires_project = True

    def syntax(self):
        return "URL [--spider NAME] [--out DIR]"

    def short_desc(self):
        return "Fetch one page and store it as a regression fixture (WARC + expected JSON)"

    def add_options(self, parser):
        super().add_options(parser)
        parser.add_argument("--spider", help="site spider whose rules apply (default: the generic 'news')")
        parser.add_argument("--out", help=f"fixtures folder (default: {DEFAULT_DIR})")

    def process_options(self, args, opts):
        super().process_options(args, opts)
        if not opts.loglevel:  # one page: only problems are worth a log line
            self.settings.set("LOG_LEVEL", "WARNING", priority="cmdline")

    def run(self, args, opts):
        if len(args) != 1 or not urlsplit(args[0]).scheme.startswith("http"):
            raise UsageError("give exactly one http(s) URL")
        url = args[0]
        name = opts.spider or "news"
        try:
            spidercls = self.crawler_process.spider_loader.load(name)
        except KeyError:
            raise UsageError(f"unknown spider {name!r}; known: {', '.join(self.crawler_process.spider_loader.list())}")
        parts = urlsplit(url)
        kwargs = {"site": f"{parts.scheme}://{parts.netloc}"} if name == "news" else {}
        site = spidercls.site if name != "news" else None
        with tempfile.TemporaryDirectory(prefix="capture-") as tmp:
            archive = Path(tmp) / "archive"
            self.settings.set("ARCHIVE_URI", str(archive), priority="cmdline")
            self.settings.set("ARCHIVE_SPOOL_DIR", str(Path(tmp) / "spool"), priority="cmdline")
            self.settings.set("ARCHIVE_REQUIRE_ARTICLES", False, priority="cmdline")
            crawler = self.crawler_process.create_crawler(capture_spider(spidercls, url))
            self.crawler_process.crawl(crawler, **kwargs)
            self.crawler_process.start()
            if site is None:
                site = getattr(crawler.spider, "site", None) or name
            out_dir = Path(opts.out or DEFAULT_DIR) / site
            try:
                warc, expected = write_fixture(archive, url, name, site, out_dir)
            except CaptureFailed as exc:
                print(f"capture failed: {exc}", file=sys.stderr)
                self.exitcode = 1
                return
        print(f"captured {url}\n  {warc}\n  {expected}")
