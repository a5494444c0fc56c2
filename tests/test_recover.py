"""A crawl killed with SIGKILL: closed files stay valid, ``scrapy recover`` closes the open one."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import time

from warcio.archiveiterator import ArchiveIterator

from tests.conftest import ROOT, run_crawl
from tests.test_archive_files import warcio_check


def recover(spool) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scrapy", "recover", str(spool)], cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True)


def wait_for(condition, proc, what: str, deadline: float = 120):
    """Poll a file-system condition while the crawl runs (it has no other signal to wait on)."""
    end = time.monotonic() + deadline
    while not condition():
        assert proc.poll() is None, f"crawl ended before {what}"
        assert time.monotonic() < end, f"timed out waiting for {what}"
        time.sleep(0.02)


def test_sigkill_mid_crawl_leaves_valid_files_and_a_recoverable_open_one(opsintels_site, tmp_path):
    opsintels_site.reset()
    archive, spool = tmp_path / "archive", tmp_path / "spool"
    command = [sys.executable, "-m", "scrapy", "crawl", "opsintels", "-a", f"base_url={opsintels_site.base_url}"]
    for name, value in {"ARCHIVE_WARC_MAX_SIZE": "30000", "CONCURRENT_REQUESTS": "1",
                        "DOWNLOAD_DELAY": "0.05", "AUTOTHROTTLE_ENABLED": "False"}.items():
        command += ["-s", f"{name}={value}"]
    env = {**os.environ, "ARCHIVE_URI": str(archive), "ARCHIVE_SPOOL_DIR": str(spool), "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        def stored_and_open():
            stored = list(archive.rglob("*.warc.gz"))
            open_ = [p for p in spool.rglob("*.warc.gz.open") if p.stat().st_size > 3000]
            return len(stored) >= 2 and open_
        wait_for(stored_and_open, proc, "two stored WARC files and an open one")
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    assert not list(archive.rglob("manifest.json"))
    closed = sorted(archive.rglob("*.warc.gz"))
    assert warcio_check(*closed).returncode == 0  # every closed file is whole
    left_open = sorted(spool.rglob("*.warc.gz.open"))
    assert len(left_open) == 1

    # the next crawl says so at start (it does not touch them: another crawl may own them)
    opsintels_site.reset()
    following = run_crawl("opsintels", opsintels_site.base_url, tmp_path / "next",
                          env={"ARCHIVE_SPOOL_DIR": str(spool)})
    assert "left open in the spool by a killed" in following.log
    assert following.manifest["stats"]["archive/spool/left_open"] >= 1
    assert left_open[0].exists()

    result = recover(spool)
    assert result.returncode == 0, result.stderr
    assert not list(spool.rglob("*.open"))
    final = left_open[0].with_name(left_open[0].name.removesuffix(".open"))
    assert f"recovered {final}" in result.stdout
    check = warcio_check(final)
    assert check.returncode == 0, check.stdout + check.stderr
    with open(final, "rb") as fh:
        records = list(ArchiveIterator(fh))
    assert records[0].rec_type == "warcinfo" and len(records) >= 1
    index = final.parent.parent / "indexes" / final.name.replace(".warc.gz", ".cdxj")
    assert index.is_file()
    assert subprocess.run(["sort", "-c", str(index)], env={**os.environ, "LC_ALL": "C"}).returncode == 0


def test_recover_cuts_a_torn_record_and_keeps_every_complete_one(opsintels_crawl, tmp_path):
    warc = opsintels_crawl.files("warc")[0]
    with open(warc, "rb") as fh:
        complete = [(r.rec_type, r.rec_headers.get_header("WARC-Record-ID")) for r in ArchiveIterator(fh)]
    data = warc.read_bytes()
    torn = tmp_path / "spool" / "site" / "warc" / (warc.name + ".open")
    torn.parent.mkdir(parents=True)
    torn.write_bytes(data[:-500])  # cut inside the last record
    items = opsintels_crawl.files("items")[0]
    lines = gzip.decompress(items.read_bytes())
    torn_items = tmp_path / "spool" / "site" / "items" / (items.name + ".open")
    torn_items.parent.mkdir(parents=True)
    # a gzip stream without its end, the last line half written: what SIGKILL leaves
    compressor = __import__("zlib").compressobj(wbits=31)
    torn_items.write_bytes(compressor.compress(lines[:-40]) + compressor.flush(__import__("zlib").Z_SYNC_FLUSH))
    (torn.parent.parent / "indexes").mkdir()
    (torn.parent.parent / "indexes" / "x.cdxj.open").write_text("partial")

    result = recover(tmp_path / "spool")
    assert result.returncode == 0, result.stderr
    final = torn.with_name(warc.name)
    assert warcio_check(final).returncode == 0
    with open(final, "rb") as fh:
        kept = [(r.rec_type, r.rec_headers.get_header("WARC-Record-ID")) for r in ArchiveIterator(fh)]
    assert kept == complete[:-1]
    assert "cut at offset" in result.stdout
    recovered_items = gzip.decompress(torn_items.with_name(items.name).read_bytes()).splitlines()
    assert recovered_items == lines.splitlines()[:-1]
    assert all(json.loads(line)["url"] for line in recovered_items)
    assert not list((tmp_path / "spool").rglob("*.open"))


def test_recover_with_nothing_open_says_so(tmp_path):
    result = recover(tmp_path)
    assert result.returncode == 0
    assert "nothing open" in result.stdout
    shutil.rmtree(tmp_path, ignore_errors=True)
    assert recover(tmp_path).returncode == 1
