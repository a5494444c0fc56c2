"""``scrapy recover [SPOOL_DIR]``: close the files a killed crawl left open (see pipelines.recover)."""

from __future__ import annotations

import sys
from pathlib import Path

from scrapy.commands import ScrapyCommand

from pipelines.recover import recover_spool


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False

    def syntax(self) -> str:
        return "[SPOOL_DIR]"

    def short_desc(self) -> str:
        return "Close .open files left by a killed crawl: keep every complete record, index WARCs"

    def run(self, args, opts):
        spool = Path(args[0] if args else self.settings.get("ARCHIVE_SPOOL_DIR"))
        if not spool.is_dir():
            print(f"recover: no spool folder at {spool}", file=sys.stderr)
            self.exitcode = 1
            return
        recovered = recover_spool(spool)
        for r in recovered:
            print(f"recovered {r.path}: {r.records} complete records, {r.dropped_bytes} bytes dropped ({r.note})")
        if not recovered:
            print(f"recover: nothing open in {spool}")
