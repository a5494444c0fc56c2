"""``scrapy export URI OUT``: a Parquet snapshot of the archive plus its dataset card.

The work is in :mod:`pipelines.export`; this command only parses arguments, reports what
changed, and turns a missing pyarrow or an unreadable store into one clear line and exit 1.
"""

import logging
import sys

from scrapy.commands import ScrapyCommand

from pipelines.store import StoreError


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings = {"LOG_LEVEL": "INFO"}

    def syntax(self):
        return "URI OUT"

    def short_desc(self):
        return "Write the latest version of every archived article as Parquet + a dataset card"

    def long_desc(self):
        return ("Reads the committed crawls of the store URI (path, file:// or s3://) and writes "
                "OUT/data/{site}/{yyyy-mm}.parquet, OUT/README.md and OUT/export-state.json. "
                "Only partitions whose content changed are rewritten.")

    def add_options(self, parser):
        super().add_options(parser)
        parser.add_argument("--site", help="export one site only")
        parser.add_argument("--full", action="store_true",
                            help="rewrite every partition from the newest captures")

    def run(self, args, opts):
        if len(args) != 2:
            print(f"usage: scrapy export {self.syntax()}", file=sys.stderr)
            self.exitcode = 2
            return
        from pipelines.export import ExportError, export_snapshot

        try:
            report = export_snapshot(args[0], args[1], site=opts.site, full=opts.full)
        except (ImportError, ExportError, StoreError, OSError) as exc:
            print(f"export failed: {exc}", file=sys.stderr)
            self.exitcode = 1
            return
        logging.getLogger(__name__).info("Export stats: %s", dict(sorted(report.stats.items())))
        print(f"{report.rows} articles; {len(report.written)} partition(s) written, "
              f"{len(report.unchanged)} unchanged, {len(report.removed)} removed -> {args[1]}")
