"""``scrapy upload``: store what earlier crawls left in the spool, and nothing else.

For after an outage: every closed spool file is uploaded and verified, each crawl's manifest
last; running crawls and half-written ``.open`` files are left alone. Exit status 0 only when
the spool held nothing that could not be stored.
"""

import sys
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.utils.log import configure_logging

from pipelines.recovery import recover
from pipelines.store import StoreError, open_store
from pipelines.uploader import Uploader


class Command(ScrapyCommand):
    requires_project = True
    default_settings = {"LOG_LEVEL": "INFO"}

    def syntax(self):
        return ""

    def short_desc(self):
        return "Upload the files earlier crawls left in the spool (manifests last)"

    def run(self, args, opts):
        configure_logging(self.settings)
        spool = Path(self.settings.get("ARCHIVE_SPOOL_DIR"))
        try:
            store = open_store(self.settings.get("ARCHIVE_URI"), self.settings)
        except StoreError as exc:
            print(f"upload failed: {exc}", file=sys.stderr)
            self.exitcode = 2
            return
        uploader = Uploader(store, self.settings.getint("ARCHIVE_UPLOAD_WORKERS", 2))
        try:
            report = recover(spool, uploader)
        finally:
            uploader.close()
        print(f"upload {spool} -> {store}: {len(report.uploaded)} file(s) stored, "
              f"{len(report.committed)} crawl(s) committed, {len(report.failed)} failure(s)")
        for warning in report.warnings:
            print(f"  warning: {warning}")
        for failure in report.failed:
            print(f"  FAIL {failure}")
        self.exitcode = 0 if report.ok else 1
