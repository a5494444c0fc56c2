"""``scrapy verify [URI]``: check a stored crawl, or every crawl under a prefix.

Prints a readable report and exits 0 only when every manifest's files are present and intact,
every WARC passes warcio's digest checks and every item points at its response record.
"""

import sys

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.utils.log import configure_logging

from pipelines.store import StoreError, open_store
from pipelines.verify import verify


class Command(ScrapyCommand):
    requires_project = True
    default_settings = {"LOG_LEVEL": "WARNING"}

    def syntax(self):
        return "[URI]"

    def short_desc(self):
        return "Verify a stored crawl or prefix (default: ARCHIVE_URI) against its manifests"

    def run(self, args, opts):
        if len(args) > 1:
            raise UsageError("give at most one URI")
        configure_logging(self.settings)
        uri = args[0] if args else self.settings.get("ARCHIVE_URI")
        try:
            report = verify(open_store(uri, self.settings))
        except StoreError as exc:
            print(f"verify failed: {exc}", file=sys.stderr)
            self.exitcode = 2
            return
        print(report.text())
        self.exitcode = 0 if report.ok else 1
