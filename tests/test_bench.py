"""The benchmark's code keeps working: its site generator and one tiny run (no timings asserted)."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import sys

from bench import run, sitegen
from bench.measure import child_env, run_measured
from bench.probe import durations, summary
from crawler.parsepool import peak_rss_kb


def read(site, index, path) -> str:
    entry = index[path]
    with open(site / "pages.bin", "rb") as fh:
        fh.seek(entry["offset"])
        return gzip.decompress(fh.read(entry["length"])).decode("utf-8")


def test_generated_site_is_a_crawlable_opsintels_mirror(tmp_path, monkeypatch):
    monkeypatch.setattr(sitegen, "SITEMAP_MAX_URLS", 8)
    origin = "http://127.0.0.1:18999"
    site = sitegen.build(tmp_path, 20, origin)
    index = json.loads((site / "index.json").read_text())
    articles = [p for p in index if re.fullmatch(r"/[a-z-]+-\d+/", p)]
    assert len(articles) == 20
    for path in articles:
        html = read(site, index, path)
        assert sitegen.MIN_HTML <= len(html.encode()) <= sitegen.MAX_HTML, path
        assert '"@type":"Article"' in html or '"Article"' in html
        assert html.count("<a ") >= 40 and html.count("<img ") > 3
        assert "https://opsintels.com" not in html and f'{origin}{path}' in html
    # Yoast-style: the index lists post-sitemap.xml, post-sitemap2.xml… of at most 8 URLs here
    sitemap_index = read(site, index, "/sitemap_index.xml")
    posts = re.findall(r"<loc>[^<]*/(post-sitemap\d*\.xml)</loc>", sitemap_index)
    assert posts == ["post-sitemap.xml", "post-sitemap2.xml", "post-sitemap3.xml"]
    listed = [loc for name in posts for loc in re.findall(r"<loc>([^<]*/)</loc>", read(site, index, "/" + name))]
    assert sorted(listed) == sorted(origin + p for p in articles)
    assert {"/robots.txt", "/feed/", "/", "/category/defense/", "__404__"} <= set(index)
    assert sitegen.build(tmp_path, 20, origin) == site  # cached: rendered once


def test_tiny_benchmark_run(tmp_path):
    report = run.bench([20], [0], list(run.RUNS), tmp_path, port=run.free_port(), timeout=300, repeat=2)
    results = {r["run"]: r for r in report["results"]}
    # bare and full ran twice, in turns; one result each is reported, listing both runs
    assert [r["run"] for r in report["results"]].count("full") == 1
    for kind in run.REPEATED:
        assert next((tmp_path / "runs").rglob(f"20-0ms-{kind}-2/crawl.log")).exists()
        assert len(results[kind]["runs_pages_per_s"]) == 2 and results[kind]["pages_per_s"] in results[kind]["runs_pages_per_s"]
    assert run.repeat_lines(report["results"])[0].startswith("runs  N=20 0 ms: bare ")
    for kind in ("bare", "full"):
        log = next((tmp_path / "runs").rglob(f"20-0ms-{kind}/crawl.log")).read_text()[-3000:]
        assert results[kind]["returncode"] == 0, log
        assert results[kind]["articles"] == 20 and results[kind]["pages_per_s"] > 0
        assert results[kind]["cpu_ms_per_article"] > 0 and results[kind]["peak_rss_mb"] > 0
        # the reactor thread's own CPU: part of the process's, never more
        assert 0 < results[kind]["reactor_cpu_s"] <= results[kind]["crawl_cpu_s"]
        assert results[kind]["reactor_ms_per_page"] > 0
    assert results["bare"]["archive_bytes"] == 0 < results["full"]["archive_bytes"]
    # the archive's close (last files, WACZ, manifest) is charged to the articles too
    assert 0 < results["full"]["close_cpu_s"] < results["full"]["crawl_cpu_s"]
    assert results["full"]["timings"]["WarcWriter.write_exchange"]["count"] == results["full"]["responses"]
    write = results["full"]["timings"]["WarcWriter.write_exchange"]  # each call's own CPU beside its wall time
    assert write["own_cpu"]["count"] == write["count"] and 0 < write["own_cpu"]["total_ms"]
    assert any(c["target"].startswith("archive call holds the reactor") and "own CPU" in c["note"]
               for c in report["checks"])
    assert write["excl_gc"]["count"] == write["count"] and write["excl_gc"]["max_ms"] <= write["max_ms"]
    assert results["full"]["collections"]["2"]["count"] >= 1  # gcfreeze's collection at spider open
    assert run.gc_lines(report["results"])[0].startswith("gc  N=20 0 ms: full: ")
    assert results["bare"]["timings"]["WarcWriter.write_exchange"]["count"] == 0
    floor = results["floor"]  # Scrapy alone: every article page fetched, none parsed
    assert floor["returncode"] == 0 and floor["article_pages"] == 20 and floor["articles"] == 0
    assert floor["timings"]["extract_page"]["count"] == 0 and floor["responses"] == results["bare"]["responses"]
    assert floor["cpu_ms_per_page"] > 0 and floor["cpu_ms_per_article"] is None
    assert run.floor_lines(report["results"])[0].startswith("floor  N=20 0 ms: Scrapy alone ")
    pool = results["pool"]  # one extraction worker: the same articles, its CPU and memory counted
    assert pool["returncode"] == 0 and pool["articles"] == 20 and pool["archive_bytes"] > 0
    assert pool["extract_workers_cpu_s"] > 0 and pool["crawl_cpu_s"] > pool["extract_workers_cpu_s"]
    assert pool["timings"]["extract_page"]["count"] == 0  # no page was extracted in the crawl's process
    assert pool["reactor_cpu_s"] < pool["crawl_cpu_s"] - pool["extract_workers_cpu_s"]
    assert results["full"]["timings"]["extract_page"]["count"] == 20
    assert pool["peak_rss_mb"] >= pool["process_rss_mb"] > results["full"]["process_rss_mb"]
    assert any(line.startswith("pool  N=20 0 ms: 1 extraction worker ") for line in run.workers_lines(report["results"]))
    if shutil.which("wget"):
        assert results["wget"]["articles"] == 20 and results["wget"]["archive_bytes"] > 0
    for kind in ("s3", "replay"):  # run when the feature is there, a clear skip otherwise
        assert results[kind].get("returncode") == 0 or results[kind]["skipped"]
    if shutil.which("redis-server"):  # two workers on one frontier fetch what one process fetches
        workers = results["workers"]
        assert workers["returncode"] == 0 and workers["articles"] == 20 and workers["workers"] == 2
        # robots.txt once per worker that got any request; every other URL once in all
        assert workers["responses"] - results["full"]["responses"] in (0, 1)
        assert workers["crawl_s"] > 0 and workers["cpu_ms_per_article"] > 0 and workers["archive_bytes"] > 0
        assert any(line.startswith("scale-out  N=20 0 ms: 2 workers ") for line in run.workers_lines(report["results"]))
    else:
        assert "redis-server" in results["workers"]["skipped"]
    assert any("full >= 85% of bare" in c["target"] for c in report["checks"])
    assert json.loads((tmp_path / "latest.json").read_text())["results"]
    assert "| 20 | 0 | full |" in run.table(report["results"])


def test_extract_calls_measures_every_step_on_generated_articles(tmp_path):
    from bench import extract_calls

    site = sitegen.build(tmp_path, 20, "http://127.0.0.1:18999")
    pages = extract_calls.article_pages(site, 5)
    assert len(pages) == 5 and all(url.startswith("http://127.0.0.1:18999/") for url, _ in pages)
    figures = extract_calls.measure(pages, repeat=1)
    assert set(figures) == {"parse", "extract", "validate"} and all(ms > 0 for ms in figures.values())


def test_measured_peak_rss_is_the_process_own_not_the_benchmark_s(tmp_path):
    # A child's ru_maxrss starts at the high-water mark of the process it was forked from, so a
    # benchmark that once held 300 MB would lend every run 300 MB unless a small launcher forks it.
    script = """
import json, sys
from pathlib import Path
from bench.measure import child_env, run_measured
big = b"1" * (300 * 2**20)
del big
tmp = Path(sys.argv[1])
quiet = run_measured([sys.executable, "-c", "pass"], child_env(), tmp, tmp / "quiet.log", 60)
grow = run_measured([sys.executable, "-c", "b = b'1' * (120 * 2**20)"], child_env(), tmp, tmp / "grow.log", 60)
print(json.dumps([quiet, grow]))
"""
    out = subprocess.run([sys.executable, "-c", script, str(tmp_path)], cwd=run.ROOT, env=child_env(),
                         capture_output=True, text=True, check=True).stdout
    quiet, grow = json.loads(out.splitlines()[-1])
    assert quiet["returncode"] == 0 and 0 < quiet["peak_rss_mb"] < 60, quiet
    assert 120 < grow["peak_rss_mb"] < 250 and grow["cpu_s"] > 0 and grow["wall_s"] > 0, grow


def test_launcher_reports_a_failed_or_killed_command(tmp_path):
    failed = run_measured([sys.executable, "-c", "raise SystemExit(3)"], child_env(), tmp_path, tmp_path / "f.log", 60)
    assert failed["returncode"] == 3
    killed = run_measured([sys.executable, "-c", "import time; time.sleep(60)"], child_env(), tmp_path,
                          tmp_path / "k.log", 2)  # the timeout: the launcher kills its command
    assert killed["returncode"] == -9 and killed["wall_s"] < 30


def test_peak_rss_kb_reads_the_process_own_high_water_mark():
    assert peak_rss_kb() > 0
    assert peak_rss_kb(2**22 + 7) == 0  # no such process: 0, no error


def test_probe_summary_keeps_durations_compact_and_finds_p99_without_sorting_them_all():
    values = durations()
    values.extend((i % 1000) / 1e3 for i in range(100_000))  # 0 .. 0.999 s, 100 times each
    assert values.itemsize == 8  # not a list of float objects
    got = summary(values)
    ordered = sorted(values)
    assert got == {"count": 100_000, "total_ms": round(sum(ordered) * 1e3, 1),
                   "mean_ms": round(sum(ordered) / 1e5 * 1e3, 3),
                   "p99_ms": round(ordered[99_000] * 1e3, 3), "max_ms": 999.0}
    assert summary(durations()) == {"count": 0}
    one = durations()
    one.append(0.002)
    assert summary(one)["p99_ms"] == summary(one)["max_ms"] == 2.0


def test_probe_takes_the_collector_s_pauses_out_of_a_call_s_time(tmp_path, monkeypatch):
    import gc
    import types

    from scrapy.utils.test import get_crawler

    from bench.probe import BenchProbe

    module = types.ModuleType("bench_probe_target")
    garbage = [[i] for i in range(300_000)]  # something for a full collection to walk

    def archive_call(collect: bool) -> None:
        if collect:
            gc.collect()

    module.archive_call = archive_call
    monkeypatch.setitem(sys.modules, "bench_probe_target", module)
    probe = BenchProbe(get_crawler(settings_dict={"ARCHIVE_BENCH_REPORT": str(tmp_path / "probe.json")}))
    try:
        probe._wrap("bench_probe_target", "archive_call")
        module.archive_call(False)
        module.archive_call(True)
    finally:
        gc.callbacks.remove(probe._collector)
    wall, excl = probe.durations["archive_call"], probe.excl_gc["archive_call"]
    assert len(wall) == len(excl) == 2 and len(garbage) == 300_000
    assert probe.collections[2] and excl[1] < wall[1] - 0.5 * probe.collections[2][-1]
    assert wall[0] - excl[0] < 1e-4  # no collection inside: nothing taken out


def test_the_median_of_repeated_runs_is_reported_and_an_even_count_favours_no_target():
    def result(kind, pps, latency=0):
        return {"run": kind, "pages_per_s": pps, "reactor_ms_per_page": 1000 / pps, "articles_n": 1,
                "latency_ms": latency}

    earlier = [result("bare", 100.0, 50), result("full", 90.0, 50)]  # another point: left alone
    results = [*earlier, result("floor", 900.0), result("bare", 250.0), result("full", 200.0)]
    run.keep_medians(results, [result("bare", 300.0), result("full", 150.0), result("bare", 270.0), result("full", 210.0)])
    assert results[:2] == earlier
    by_kind = {r["run"]: r for r in results[2:]}
    assert [r["run"] for r in results] == ["bare", "full", "floor", "bare", "full"]
    assert by_kind["bare"]["pages_per_s"] == 270.0 and by_kind["full"]["pages_per_s"] == 200.0
    assert by_kind["bare"]["runs_pages_per_s"] == [250.0, 300.0, 270.0]
    two = [result("bare", 250.0), result("full", 200.0)]
    run.keep_medians(two, [result("bare", 300.0), result("full", 150.0)])
    assert two[0]["pages_per_s"] == 300.0 and two[1]["pages_per_s"] == 150.0  # the faster bare, the slower full
    once = [result("bare", 250.0)]
    run.keep_medians(once, [])
    assert "runs_pages_per_s" not in once[0]
