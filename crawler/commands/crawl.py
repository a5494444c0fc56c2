"""``scrapy crawl`` that exits non-zero when the crawl went wrong.

Scrapy's own command exits 0 whenever the spider started, even if nothing was found or
files could not be stored. Scheduled runs need the exit status to tell, and people need the
last line of the log to say why.
"""

import sys

from scrapy.commands.crawl import Command as ScrapyCrawl


class Command(ScrapyCrawl):
    def run(self, args, opts):
        self._crawlers_seen = []
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
