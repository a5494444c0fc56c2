"""WARC files and their indexes: CDXJ per file, rotation, loud writer failures."""

from __future__ import annotations

import json
import os
import re
import resource
import signal
import subprocess
import sys
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from tests.conftest import run_crawl

WARCIO = str(Path(sys.executable).with_name("warcio"))


def warcio_check(*paths) -> subprocess.CompletedProcess:
    return subprocess.run([WARCIO, "check", "-v", *map(str, paths)], capture_output=True, text=True)


def cdxj_lines(path: Path) -> list[tuple[str, str, dict]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        key, ts, block = line.split(" ", 2)
        out.append((key, ts, json.loads(block)))
    return out


def test_one_sorted_cdxj_per_warc_listed_in_the_manifest(opsintels_crawl):
    warcs = opsintels_crawl.files("warc")
    indexes = opsintels_crawl.files("cdxj")
    assert warcs and len(indexes) == len(warcs)
    for warc in warcs:
        index = warc.parent.parent / "indexes" / warc.name.replace(".warc.gz", ".cdxj")
        assert index in indexes
        check = subprocess.run(["sort", "-c", str(index)], env={**os.environ, "LC_ALL": "C"},
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        lines = cdxj_lines(index)
        with open(warc, "rb") as fh:
            responses = [r for r in ArchiveIterator(fh) if r.rec_type in ("response", "revisit")]
        assert len(lines) == len(responses)
        with open(warc, "rb") as fh:
            for _, ts, entry in lines:
                assert entry["filename"] == warc.name
                fh.seek(int(entry["offset"]))
                raw = fh.read(int(entry["length"]))
                record = next(iter(ArchiveIterator(__import__("io").BytesIO(raw))))
                assert record.rec_headers.get_header("WARC-Target-URI") == entry["url"]
                assert record.http_headers.get_statuscode() == entry["status"]
                assert record.rec_headers.get_header("WARC-Payload-Digest") == entry["digest"]
    listed = {f["key"]: f for f in opsintels_crawl.manifest["files"]}
    for index in indexes:
        key = index.relative_to(opsintels_crawl.archive).as_posix()
        assert listed[key]["records"] == len(cdxj_lines(index))


def test_warc_files_rotate_by_size_with_contiguous_serials(opsintels_site, tmp_path):
    opsintels_site.reset()
    result = run_crawl("opsintels", opsintels_site.base_url, tmp_path,
                       settings={"ARCHIVE_WARC_MAX_SIZE": "40000"})
    assert result.returncode == 0, result.log[-3000:]
    warcs = sorted(result.files("warc"))
    assert len(warcs) >= 4
    names = [re.fullmatch(r"opsintels-(\d{17})-(\d{5})-([\w-]+)\.warc\.gz", w.name) for w in warcs]
    assert all(names), [w.name for w in warcs]
    assert [int(m.group(2)) for m in names] == list(range(1, len(warcs) + 1))
    total = 0
    for warc in warcs:
        check = warcio_check(warc)  # each file alone
        assert check.returncode == 0, warc.name + check.stdout + check.stderr
        with open(warc, "rb") as fh:
            records = list(ArchiveIterator(fh))
        assert records[0].rec_type == "warcinfo"
        assert records[0].rec_headers.get_header("WARC-Filename") == warc.name
        info_id = records[0].rec_headers.get_header("WARC-Record-ID")
        assert all(r.rec_headers.get_header("WARC-Warcinfo-ID") == info_id for r in records[1:])
        # a request always sits in the same file as its response
        ids = {r.rec_headers.get_header("WARC-Record-ID") for r in records if r.rec_type == "response"}
        assert all(r.rec_headers.get_header("WARC-Concurrent-To") in ids for r in records if r.rec_type == "request")
        total += len(ids)
    assert total == result.manifest["stats"]["downloader/response_count"]
    assert len(result.files("cdxj")) == len(warcs)
    assert not list(result.spool.rglob("*.open"))


def _limit_file_size(limit: int):
    def apply():
        # Writes past the limit fail with EFBIG instead of killing the process (SIGXFSZ).
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_a_warc_write_failure_fails_the_crawl_loudly(opsintels_site, tmp_path, monkeypatch):
    """A real write error (file size limit, like a full disk): counted, logged, exit 1, no torn record."""
    import tests.conftest as conftest

    real_run = subprocess.run

    def run_limited(*args, **kwargs):
        return real_run(*args, preexec_fn=_limit_file_size(60_000), **kwargs)

    monkeypatch.setattr(conftest.subprocess, "run", run_limited)
    opsintels_site.reset()
    result = run_crawl("opsintels", opsintels_site.base_url, tmp_path)
    monkeypatch.undo()
    assert result.returncode == 1
    assert "WARC write failed for http://127.0.0.1" in result.log
    # The first write past the cap fails: an exchange's, or the metadata record of the article
    # before it (which does not stop the crawl; the next exchange does).
    last = result.log.strip().splitlines()[-1]
    assert last.startswith(("crawl failed: WARC write failed", "crawl failed: WARC metadata write failed"))
    assert "Traceback" not in result.log
    stats = result.manifest["stats"]
    assert stats["archive/warc/write_errors"] >= 1
    assert result.manifest["ok"] is False and result.manifest["finish_reason"] == "warc_write_failed"
    # what was written is whole: every stored WARC passes warcio check and every item's
    # record is in it; no item came from a response that is not archived
    warcs = result.files("warc")
    assert warcs and warcio_check(*warcs).returncode == 0
    records = sum(1 for w in warcs for r in ArchiveIterator(open(w, "rb")) if r.rec_type == "response")
    assert records == stats["archive/warc/responses"]
    assert all(item["warc"] for item in result.items())
