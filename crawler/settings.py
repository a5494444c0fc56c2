"""Settings for the defense-news crawler.

Every setting this project adds starts with ``ARCHIVE_`` and is documented here and in the
README's settings table. Environment variables of the same name override them (see
``crawler.config``), so scheduled jobs configure a crawl without editing files.
"""

import os

BOT_NAME = "crawler"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
COMMANDS_MODULE = "crawler.commands"

# --- Politeness: identify ourselves, obey robots.txt, adapt to the server. -----------------
ARCHIVE_CONTACT_URL = "https://github.com/defense-news-crawler/defense-news-crawler"
USER_AGENT = f"defense-news-crawler/0.1 (+{ARCHIVE_CONTACT_URL})"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.25
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 60
RETRY_ENABLED = True
RETRY_TIMES = 2
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

# Current Scrapy: asyncio reactor, async start(), no Deferreds in our code.
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"

# Duplicate URLs (tracking parameters, trailing slash, http/https) are fetched once.
REQUEST_FINGERPRINTER_CLASS = "crawler.dupefilter.CanonicalRequestFingerprinter"
DUPEFILTER_CLASS = "crawler.dupefilter.CanonicalUrlDupeFilter"
# Scrapy 2.19's remote-control HTTP endpoint: not needed by scheduled crawls.
REMOTE_CONTROL_ENABLED = False

# --- Archiving. ------------------------------------------------------------------------------
DOWNLOADER_MIDDLEWARES = {
    # Nearest the downloader (above HttpCompression 590, Redirect 600, HttpCache 900): it sees
    # every response exactly as received, before anything decodes, follows or drops it.
    "crawler.middlewares.ArchiveMiddleware": 950,
}
ITEM_PIPELINES = {
    "pipelines.validate.ValidationPipeline": 100,
    "pipelines.jsonl.JsonLinesPipeline": 800,
}
EXTENSIONS = {
    "pipelines.session.ArchiveSession": 100,
}

# Where finished files go: a local folder (default) or s3://bucket/prefix.
ARCHIVE_URI = os.environ.get("ARCHIVE_URI", "archive")
# Local staging folder: files are written here and leave it only once stored.
ARCHIVE_SPOOL_DIR = os.environ.get("ARCHIVE_SPOOL_DIR", "spool")
# A WARC file is closed (and stored) once it reaches this many bytes.
ARCHIVE_WARC_MAX_SIZE = 1_000_000_000
# WARC file name prefix; default: the spider name.
ARCHIVE_WARC_PREFIX = None
# A JSON lines file is closed (and stored) after this many items.
ARCHIVE_ITEMS_MAX_ITEMS = 10_000
# Exit non-zero (finish reason "no_articles") when discovery finds no article at all.
ARCHIVE_REQUIRE_ARTICLES = True
# Section (category) pages followed per section, counting the first one.
ARCHIVE_SECTION_PAGES = 5
# Benchmarks only: when set, bench.probe.BenchProbe (if enabled) writes its measurements here.
ARCHIVE_BENCH_REPORT = None
