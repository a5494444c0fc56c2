"""Sealing a closed spool file (fsync, rename, CDXJ index) runs off the reactor, in order."""

from __future__ import annotations

from scrapy import Request
from scrapy.http import Response

from pipelines.spool import RollingFile
from pipelines.warc import WarcWriter


def test_a_rollover_hands_sealing_and_indexing_to_the_background(tmp_path):
    closed, jobs = [], []
    warc = WarcWriter(RollingFile(tmp_path, "s/warc/", "t", ".warc.gz", "warc", on_close=closed.append,
                                  max_bytes=1, background=lambda job, key: jobs.append((job, key))),
                      info={"software": "test"})
    for n in (1, 2):
        url = f"http://example.com/{n}"
        warc.write_exchange(Request(url), Response(url, body=b"page %d" % n, protocol="HTTP/1.1"))
    # each write rolled over: nothing was sealed, indexed or handed on in the writing thread
    assert [key for _, key in jobs] == [f"s/warc/{p.name.removesuffix('.open')}"
                                        for p in sorted(tmp_path.rglob("*.warc.gz.open"))]
    assert closed == [] and not list(tmp_path.rglob("*.cdxj"))
    for job, _ in jobs:
        job()
    assert [(c.kind, c.key) for c in closed] == [
        ("warc", jobs[0][1]), ("cdxj", "s/indexes/" + jobs[0][1].rsplit("/", 1)[1].replace(".warc.gz", ".cdxj")),
        ("warc", jobs[1][1]), ("cdxj", "s/indexes/" + jobs[1][1].rsplit("/", 1)[1].replace(".warc.gz", ".cdxj")),
    ]
    assert [c.records for c in closed if c.kind == "warc"] == [2, 2]  # response and request (warcinfo not counted)
    assert not list(tmp_path.rglob("*.open"))
    assert all(b"example.com/" in c.path.read_bytes() for c in closed if c.kind == "cdxj")


def test_a_failing_seal_turns_the_crawl_red(tmp_path):
    from scrapy.utils.test import get_crawler

    from pipelines.session import ArchiveSession

    crawler = get_crawler(settings_dict={"ARCHIVE_URI": str(tmp_path / "store"),
                                         "ARCHIVE_SPOOL_DIR": str(tmp_path / "spool")})
    session = ArchiveSession(crawler)
    sealed = []

    def fail():
        raise OSError(28, "No space left on device")

    session.seal_in_background(fail, "s/warc/a.warc.gz")
    session.seal_in_background(lambda: sealed.append("b"), "s/warc/b.warc.gz")
    session.uploader.close()
    assert sealed == ["b"]  # one failure does not stop the next file
    assert session.problems == ["closing spool file s/warc/a.warc.gz failed: "
                                "OSError(28, 'No space left on device')"]
