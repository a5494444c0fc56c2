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
# Outputs of one callback handled at once. Scrapy starts this many asyncio tasks for every
# response (default 100): creating and awaiting them was ~6% of the crawler's CPU (bench/). A
# page gives one article; a sitemap's requests only go to the scheduler.
CONCURRENT_ITEMS = 16
# Worker processes that parse and extract article pages (crawler/parsepool.py); 0: in this one.
# For replays and unthrottled crawls on spare cores: more pages/s, more CPU per page.
EXTRACT_PROCESSES = 0

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
    # Conditional requests and lastmod skips. Inside DownloaderStats (850) and the archive
    # (950), so a 304 is counted and archived before this one ends it.
    "crawler.incremental.IncrementalMiddleware": 800,
}
ITEM_PIPELINES = {
    "pipelines.validate.ValidationPipeline": 100,
    # Incremental crawls emit an article only when its title or body changed.
    "crawler.incremental.IncrementalItemPipeline": 200,
    "pipelines.jsonl.JsonLinesPipeline": 800,
}
EXTENSIONS = {
    "pipelines.session.ArchiveSession": 100,
    # Spidermon's extension; its close monitors run from the session, before the manifest.
    "crawler.quality.QualityGate": 500,
    # A WARC metadata record per article (item id, extraction version, outlinks).
    "pipelines.article_records.ArticleRecords": 110,
    # A WACZ per crawl (WARCs, merged CDXJ, pages list), packed before the manifest.
    "pipelines.wacz.WaczPackager": 120,
    # Warns at start when a killed crawl left .open files in the spool (see `scrapy recover`).
    "pipelines.recover.LeftoverCheck": 130,
    # gc.freeze() once the spider is open: full collections no longer walk start-up objects.
    "crawler.gcfreeze.FreezeStartupObjects": 900,
}
# Off: the garbage collector keeps walking start-up objects (see crawler/gcfreeze.py).
ARCHIVE_GC_FREEZE = True

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

# --- S3-compatible stores (ARCHIVE_URI=s3://bucket/prefix). -------------------------------
# Credentials, region and endpoint come from boto3's standard chain (AWS_ACCESS_KEY_ID,
# AWS_PROFILE, AWS_ENDPOINT_URL_S3...), never from these settings.
# "path" for MinIO and Ceph RGW without wildcard DNS; "virtual" or "auto" (botocore's choice) for AWS.
ARCHIVE_S3_ADDRESSING_STYLE = os.environ.get("ARCHIVE_S3_ADDRESSING_STYLE", "auto")
# botocore >= 1.36 adds CRC checksums to every upload by default, which some S3-compatible
# servers reject; "when_required" works everywhere (integrity is checked after upload anyway),
# "when_supported" is botocore's default for stores that handle it.
ARCHIVE_S3_CHECKSUMS = os.environ.get("ARCHIVE_S3_CHECKSUMS", "when_required")
# Files at least this big are uploaded in parts of ARCHIVE_S3_MULTIPART_CHUNKSIZE (>= 5 MiB).
ARCHIVE_S3_MULTIPART_THRESHOLD = 64 * 1024 * 1024
ARCHIVE_S3_MULTIPART_CHUNKSIZE = 16 * 1024 * 1024
# Attempts per S3 request (botocore "standard" retries: exponential backoff with jitter).
ARCHIVE_S3_MAX_ATTEMPTS = 5
# Closed files uploaded in parallel, in background threads, while the crawl goes on.
ARCHIVE_UPLOAD_WORKERS = 2
# --- Quality gates (Spidermon; see crawler/quality.py). A failed monitor exits 1 and is -----
# recorded in the manifest. A site spider overrides thresholds in its custom_settings.
SPIDERMON_ENABLED = True
SPIDERMON_SPIDER_CLOSE_MONITORS = ["crawler.quality.CloseMonitors"]
SPIDERMON_MIN_ITEMS = 1
SPIDERMON_MAX_ERRORS = 0
SPIDERMON_MAX_ITEM_VALIDATION_ERRORS = 0
SPIDERMON_EXPECTED_FINISH_REASONS = ["finished", "closespider_timeout", "closespider_itemcount",
                                     "closespider_pagecount"]
# Share of articles (items are dicts) in which a field is present and non-empty.
SPIDERMON_ADD_FIELD_COVERAGE = True
SPIDERMON_FIELD_COVERAGE_SKIP_IF_NO_ITEM = True  # no items at all: ItemCountMonitor says so
SPIDERMON_FIELD_COVERAGE_RULES = {
    "dict/title": 1.0,
    "dict/authors": 0.5,  # wire stories (AP, Reuters) have no person byline
    "dict/body": 1.0,
    "dict/published_at": 0.9,
}
# Highest share of articles in which a field may come from a fallback source
# (article/fallback/<field>): a redesign degrades fields to fallbacks before it empties them.
ARCHIVE_MAX_FALLBACK_RATE = {"title": 0.5, "authors": 0.5, "body": 0.5, "published_at": 0.5}

# --- Bounded runs (Scrapy's CloseSpider extension): a scheduled crawl always ends, committed. --
# Reaching a bound is a normal finish (exit 0): the manifest says which one. Override per run
# with -s (CLOSESPIDER_ITEMCOUNT, CLOSESPIDER_PAGECOUNT, CLOSESPIDER_ERRORCOUNT too).
CLOSESPIDER_TIMEOUT = 6 * 3600

# --- Scale-out (crawler/frontier.py). With REDIS_URL set, workers share one frontier on Redis. -
ADDONS = {"crawler.frontier.SharedFrontier": 0}
REDIS_URL = os.environ.get("REDIS_URL") or None
# The crawl id the workers share (required with REDIS_URL), e.g. 20261127T180000Z-nightly.
ARCHIVE_CRAWL_ID = os.environ.get("ARCHIVE_CRAWL_ID") or None
# This worker's name in file names and its manifest part; default with REDIS_URL: host-pid.
ARCHIVE_WORKER_ID = os.environ.get("ARCHIVE_WORKER_ID") or None
# Workers of a shared crawl: the one storing the last manifest part writes manifest.json.
ARCHIVE_WORKERS = int(os.environ.get("ARCHIVE_WORKERS") or 1)
# Pack a WACZ (WARCs + merged CDXJ + pages list) per crawl; it stores the WARC bytes twice.
ARCHIVE_WACZ = True
# Set by `-a replay=URI`: answer requests from the WARCs under URI instead of the network.
ARCHIVE_REPLAY = None
# --- Incremental crawls (crawl state in ARCHIVE_URI/{site}/state/). ------------------------
# Use the crawl state: conditional requests, skip articles whose sitemap lastmod is older than
# the last visit, emit only new or changed articles. False (or `-a full=1`) forces a full crawl.
ARCHIVE_INCREMENTAL = True
# Archive a response whose payload is already archived (this crawl or, when incremental, an
# earlier one) as a WARC revisit record pointing at that capture instead of a second copy.
ARCHIVE_REVISITS = True
# Benchmarks only: when set, bench.probe.BenchProbe (if enabled) writes its measurements here.
ARCHIVE_BENCH_REPORT = None
