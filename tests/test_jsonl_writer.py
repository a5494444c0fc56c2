"""JSON lines written in the writer's own thread: in submission order, all before the file ends."""

from __future__ import annotations

import gzip
import json

import pytest

from pipelines.jsonl import JsonLinesWriter
from pipelines.spool import RollingFile


def test_submitted_items_are_written_in_order_before_the_file_ends(tmp_path):
    closed = []
    writer = JsonLinesWriter(RollingFile(tmp_path, "p/items/", "t", ".jsonl.gz", "items",
                                         on_close=closed.append, max_records=50))
    futures = [writer.submit({"n": n, "body": "é" * n}) for n in range(120)]
    writer.close()
    assert all(f.done() and f.exception() is None for f in futures)
    assert [c.records for c in closed] == [50, 50, 20]
    rows = [json.loads(line) for c in closed for line in gzip.open(c.path, "rt", encoding="utf-8")]
    assert rows == [{"n": n, "body": "é" * n} for n in range(120)]


def test_a_failed_write_reaches_the_caller(tmp_path):
    (tmp_path / "p").write_text("a file where the spool needs a folder")
    writer = JsonLinesWriter(RollingFile(tmp_path, "p/items/", "t", ".jsonl.gz", "items", on_close=print))
    with pytest.raises(OSError):
        writer.submit({"n": 1}).result()
    writer.close()


def test_pipeline_does_not_hold_items_and_reports_a_failed_write(tmp_path, monkeypatch):
    """The item goes on while its line is written; a write that fails later is a crawl problem."""
    import asyncio

    from scrapy.utils.test import get_crawler

    from pipelines import session as session_module
    from pipelines.jsonl import JsonLinesPipeline

    (tmp_path / "p").write_text("a file where the spool needs a folder")
    problems = []

    class Session:
        items = JsonLinesWriter(RollingFile(tmp_path, "p/items/", "t", ".jsonl.gz", "items", on_close=print))
        problem = staticmethod(problems.append)

    monkeypatch.setattr(session_module.ArchiveSession, "of", staticmethod(lambda crawler: Session))
    crawler = get_crawler(settings_dict={})
    crawler.stats.open_spider()
    pipeline = JsonLinesPipeline.from_crawler(crawler)
    items = [{"url": f"https://example.com/{n}/"} for n in range(3)]
    assert [asyncio.run(pipeline.process_item(item)) for item in items] == items
    pipeline.close_spider()  # the last batch, handed to the writer
    Session.items.close()  # waits for the writer: every line attempted
    assert crawler.stats.get_value("archive/items/write_errors") == 3
    assert crawler.stats.get_value("archive/items_written") is None
    assert len(problems) == 3 and problems[0].startswith("JSON line not written for https://example.com/0/")


def test_batches_roll_over_inside_a_batch_and_keep_their_order(tmp_path):
    closed = []
    writer = JsonLinesWriter(RollingFile(tmp_path, "p/items/", "t", ".jsonl.gz", "items",
                                         on_close=closed.append, max_records=10))
    futures = [writer.submit_many([{"n": n} for n in range(start, start + 16)]) for start in (0, 16, 32)]
    writer.close()
    assert all(f.exception() is None for f in futures)
    assert [c.records for c in closed] == [10, 10, 10, 10, 8]
    rows = [json.loads(line) for c in closed for line in gzip.open(c.path, "rt", encoding="utf-8")]
    assert rows == [{"n": n} for n in range(48)]


class CountingWriter(JsonLinesWriter):
    def __init__(self, rolling):
        super().__init__(rolling)
        self.handoffs = []

    def submit_many(self, items):
        self.handoffs.append(len(items))
        return super().submit_many(items)


def test_pipeline_hands_items_over_by_batch_by_timer_and_at_close(tmp_path, monkeypatch):
    import asyncio

    from scrapy.utils.test import get_crawler
    from twisted.internet.task import Clock

    from pipelines import session as session_module
    from pipelines.jsonl import JsonLinesPipeline

    closed = []

    class Session:
        items = CountingWriter(RollingFile(tmp_path, "p/items/", "t", ".jsonl.gz", "items", on_close=closed.append))
        problem = staticmethod(print)

    monkeypatch.setattr(session_module.ArchiveSession, "of", staticmethod(lambda crawler: Session))
    crawler = get_crawler(settings_dict={})
    crawler.stats.open_spider()
    pipeline = JsonLinesPipeline.from_crawler(crawler)
    pipeline.clock = clock = Clock()
    pipeline.open_spider()
    batch = JsonLinesPipeline.BATCH
    for n in range(batch + 3):
        asyncio.run(pipeline.process_item({"url": f"https://example.com/{n}/"}))
    assert Session.items.handoffs == [batch]  # a full batch at once, the rest waits
    clock.advance(JsonLinesPipeline.FLUSH_SECONDS)
    assert Session.items.handoffs == [batch, 3]  # what came within the timer's period
    asyncio.run(pipeline.process_item({"url": "https://example.com/last/"}))
    pipeline.close_spider()
    assert Session.items.handoffs == [batch, 3, 1] and not pipeline.timer.running
    Session.items.close()
    pipeline.flush()  # nothing batched: nothing handed over, and done batches are let go
    assert Session.items.handoffs == [batch, 3, 1]
    assert crawler.stats.get_value("archive/items_written") == batch + 4
    rows = [json.loads(line)["url"] for c in closed for line in gzip.open(c.path, "rt", encoding="utf-8")]
    assert rows == [f"https://example.com/{n}/" for n in range(batch + 3)] + ["https://example.com/last/"]


def test_batches_handed_over_by_the_timer_are_not_kept_once_written(tmp_path, monkeypatch):
    import asyncio

    from scrapy.utils.test import get_crawler
    from twisted.internet.task import Clock

    from pipelines import session as session_module
    from pipelines.jsonl import JsonLinesPipeline

    class Session:
        items = JsonLinesWriter(RollingFile(tmp_path, "p/items/", "t", ".jsonl.gz", "items", on_close=print))
        problem = staticmethod(print)

    monkeypatch.setattr(session_module.ArchiveSession, "of", staticmethod(lambda crawler: Session))
    crawler = get_crawler(settings_dict={})
    crawler.stats.open_spider()
    pipeline = JsonLinesPipeline.from_crawler(crawler)
    pipeline.clock = clock = Clock()
    pipeline.open_spider()
    for n in range(50):  # a slow crawl: one item a second, never a full batch
        asyncio.run(pipeline.process_item({"url": f"https://example.com/{n}/"}))
        clock.advance(JsonLinesPipeline.FLUSH_SECONDS)
        pipeline.pending[-1].result()  # written (in the writer's thread)
    assert len(pipeline.pending) <= 2
    pipeline.close_spider()
    Session.items.close()
    assert crawler.stats.get_value("archive/items_written") == 50
