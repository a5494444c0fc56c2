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
