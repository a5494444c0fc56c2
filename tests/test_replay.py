"""``scrapy crawl opsintels -a replay=…``: the same items from the archive, with no network."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import run_crawl


def by_url(items):
    return {item["url"]: item for item in items}


@pytest.mark.parametrize("processes", ["0", "1"])  # 1: re-extraction in a worker process
def test_replay_gives_the_same_items_without_the_network(opsintels_crawl, opsintels_site, tmp_path, processes):
    seen_before = len(opsintels_site.log)
    replay = run_crawl("opsintels", opsintels_site.base_url, tmp_path,
                       "-a", f"replay={opsintels_crawl.archive}", settings={"EXTRACT_PROCESSES": processes})
    assert replay.returncode == 0, replay.log[-3000:]
    assert len(opsintels_site.log) == seen_before  # not one request reached the site
    live = by_url(opsintels_crawl.items())
    again = by_url(replay.items())
    assert again.keys() == live.keys()
    for url, item in live.items():
        assert again[url] == item, url  # every field, crawled_at and the WARC pointer included
    stats = replay.manifest["stats"]
    assert stats["replay/responses"] == stats["downloader/response_count"]
    assert "replay/not_archived" not in stats
    assert replay.files("warc") == []  # nothing archived twice
    if processes == "1":
        assert stats["extract/pool/pages"] >= len(again)  # every article went through the worker
    else:
        assert "extract/pool/pages" not in stats


def test_replay_of_damaged_files_names_file_and_offset_and_goes_on(opsintels_site, tmp_path):
    opsintels_site.reset()
    live = run_crawl("opsintels", opsintels_site.base_url, tmp_path / "live",
                     settings={"ARCHIVE_WARC_MAX_SIZE": "60000"})
    assert live.returncode == 0, live.log[-3000:]
    warcs = sorted(live.files("warc"))
    assert len(warcs) >= 3
    damaged = tmp_path / "damaged"
    shutil.copytree(live.archive, damaged)
    cut = damaged / warcs[0].relative_to(live.archive)      # truncated mid-record
    flipped = damaged / warcs[1].relative_to(live.archive)  # bytes overwritten mid-file
    data = cut.read_bytes()
    cut.write_bytes(data[: len(data) - 700])
    data = bytearray(flipped.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 64] = b"\0" * 64
    flipped.write_bytes(bytes(data))

    replay = run_crawl("opsintels", opsintels_site.base_url, tmp_path / "replay", "-a", f"replay={damaged}")
    assert replay.returncode == 1
    assert "Traceback" not in replay.log
    for path in (cut, flipped):
        key = path.relative_to(damaged).as_posix()
        assert f"replay: {key}: damaged at offset " in replay.log, key
    assert "gzip member cut short" in replay.log
    # records after the damage in the overwritten file, and every other file, still replay
    assert replay.manifest["stats"]["replay/damaged"] == 2, [l for l in replay.log.splitlines() if "damaged at" in l]
    assert len(replay.items()) >= len(live.items()) - 3
    assert replay.items()


def test_replay_sources_a_file_a_crawl_prefix_or_a_store(opsintels_crawl):
    from crawler.replay import archive_files

    warc = opsintels_crawl.files("warc")[0]
    assert archive_files(str(warc)) == [(warc.name, warc)]
    prefix = opsintels_crawl.manifest["prefix"]
    keys = [key for key, _ in archive_files(str(opsintels_crawl.archive / prefix))]
    assert keys == sorted(f"warc/{p.name}" for p in opsintels_crawl.files("warc"))
    rooted = [key for key, _ in archive_files(f"file://{opsintels_crawl.archive}")]
    assert rooted == sorted(p.relative_to(opsintels_crawl.archive).as_posix() for p in opsintels_crawl.files("warc"))
