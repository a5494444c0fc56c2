"""JSON lines written in the writer's own thread: in submission order, all before the file ends."""

from __future__ import annotations

import gzip
import json
from types import SimpleNamespace

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


def timed_pipeline(monkeypatch, writer, problem=print):
    """A JSON lines pipeline on a stand-in session holding ``writer``, its timer on a test clock."""
    from scrapy.utils.test import get_crawler
    from twisted.internet.task import Clock

    from pipelines import session as session_module
    from pipelines.jsonl import JsonLinesPipeline

    session = SimpleNamespace(items=writer, problem=problem)
    monkeypatch.setattr(session_module.ArchiveSession, "of", staticmethod(lambda crawler: session))
    crawler = get_crawler(settings_dict={})
    crawler.stats.open_spider()
    pipeline = JsonLinesPipeline.from_crawler(crawler)
    pipeline.clock = clock = Clock()
    pipeline.open_spider()
    return pipeline, clock, crawler


def test_pipeline_does_not_hold_items_and_reports_a_failed_write(tmp_path, monkeypatch):
    """The item goes on while its line is written; a write that fails later is a crawl problem."""
    import asyncio

    (tmp_path / "p").write_text("a file where the spool needs a folder")
    problems = []
    writer = JsonLinesWriter(RollingFile(tmp_path, "p/items/", "t", ".jsonl.gz", "items", on_close=print))
    pipeline, _, crawler = timed_pipeline(monkeypatch, writer, problems.append)
    items = [{"url": f"https://example.com/{n}/"} for n in range(3)]
    assert [asyncio.run(pipeline.process_item(item)) for item in items] == items
    pipeline.close_spider()  # the last batch, handed to the writer
    writer.close()  # waits for the writer: every line attempted
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

    from pipelines.jsonl import JsonLinesPipeline

    closed = []
    writer = CountingWriter(RollingFile(tmp_path, "p/items/", "t", ".jsonl.gz", "items", on_close=closed.append))
    pipeline, clock, crawler = timed_pipeline(monkeypatch, writer)
    batch = JsonLinesPipeline.BATCH
    for n in range(batch + 3):
        asyncio.run(pipeline.process_item({"url": f"https://example.com/{n}/"}))
    assert writer.handoffs == [batch]  # a full batch at once, the rest waits
    clock.advance(JsonLinesPipeline.FLUSH_SECONDS)
    assert writer.handoffs == [batch, 3]  # what came within the timer's period
    asyncio.run(pipeline.process_item({"url": "https://example.com/last/"}))
    pipeline.close_spider()
    assert writer.handoffs == [batch, 3, 1] and not pipeline.timer.running
    writer.close()
    pipeline.flush()  # nothing batched: nothing handed over, and done batches are let go
    assert writer.handoffs == [batch, 3, 1]
    assert crawler.stats.get_value("archive/items_written") == batch + 4
    rows = [json.loads(line)["url"] for c in closed for line in gzip.open(c.path, "rt", encoding="utf-8")]
    assert rows == [f"https://example.com/{n}/" for n in range(batch + 3)] + ["https://example.com/last/"]


def test_batches_handed_over_by_the_timer_are_not_kept_once_written(tmp_path, monkeypatch):
    import asyncio

    from pipelines.jsonl import JsonLinesPipeline

    writer = JsonLinesWriter(RollingFile(tmp_path, "p/items/", "t", ".jsonl.gz", "items", on_close=print))
    pipeline, clock, crawler = timed_pipeline(monkeypatch, writer)
    for n in range(50):  # a slow crawl: one item a second, never a full batch
        asyncio.run(pipeline.process_item({"url": f"https://example.com/{n}/"}))
        clock.advance(JsonLinesPipeline.FLUSH_SECONDS)
        pipeline.pending[-1].result()  # written (in the writer's thread)
    assert len(pipeline.pending) <= 2
    pipeline.close_spider()
    writer.close()
    assert crawler.stats.get_value("archive/items_written") == 50
