"""``scrapy crawl`` that exits non-zero when the crawl went wrong.

Scrapy's own command exits 0 whenever the spider started, even if nothing was found or
files could not be stored. Scheduled runs need the exit status to tell, and people need the
last line of the log to say why.
"""

import re
import sys

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from crawler.parsepool import worker_count

CRAWL_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


class Command(ScrapyCrawl):
    def run(self, args, opts):
        crawl_id = self.settings.get("ARCHIVE_CRAWL_ID")
        if self.settings.get("REDIS_URL") and not crawl_id:
            raise UsageError("REDIS_URL is set: workers of a shared crawl need one ARCHIVE_CRAWL_ID, "
                             "e.g. ARCHIVE_CRAWL_ID=$(date -u +%Y%m%dT%H%M%SZ)-nightly")
        if crawl_id and not CRAWL_ID.match(crawl_id):
            raise UsageError(f"ARCHIVE_CRAWL_ID {crawl_id!r}: use letters, digits, '.', '_' or '-' only")
        try:
            worker_count(self.settings)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        self._crawlers_seen = []
        self._check_required_args(args, opts)
        super().run(args, opts)
        for crawler in self._crawlers_seen:
            session = getattr(crawler, "_archive_session", None)
            if session is not None and session.problems:
                self.exitcode = 1
                print(f"crawl failed: {'; '.join(session.problems)}", file=sys.stderr)

    def _create_crawler(self, spname):
        crawler = super()._create_crawler(spname)
        self._crawlers_seen.append(crawler)
        return crawler

    def _check_required_args(self, args, opts):
        """Spider arguments a spider declares in ``required_args``: a usage error, not a traceback."""
        if len(args) != 1:
            return
        try:
            spidercls = self.crawler_process.spider_loader.load(args[0])
        except KeyError:
            return  # Scrapy's own message
        missing = [name for name in getattr(spidercls, "required_args", ()) if not opts.spargs.get(name)]
        if missing:
            raise UsageError(f"spider {args[0]!r} needs " + ", ".join(f"-a {name}=…" for name in missing)
                             + (f" (e.g. {spidercls.required_args_example})"
                                if getattr(spidercls, "required_args_example", None) else ""))
