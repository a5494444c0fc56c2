"""The benchmark: the whole pipeline against bare Scrapy and wget on a generated site.

    python -m bench.run                 # N = 1,000 and 10,000 at 50 ms and 0 ms origin latency
    python -m bench.run --quick         # N = 300, under two minutes
    python -m bench.run --long          # adds N = 50,000
    python -m bench.run --articles 1000 --latency 50 --runs bare,full,wget

Runs, on the same pre-rendered site (:mod:`bench.sitegen`) served by :mod:`bench.server`:
  bare    the opsintels spider, extraction and validation; archive middleware, archive session
          and every other item pipeline off (no WARC, no JSON lines, no store)
  full    the whole pipeline into a local store
  s3      the whole pipeline into S3 (moto server on loopback); skipped without pipelines.s3
  wget    ``wget --recursive --warc-file`` from the home page (prev/next links reach every article)
  replay  re-extraction from the ``full`` run's archive (``-a replay=``); skipped when unsupported
Each crawler is a subprocess: CPU and peak RSS come from ``os.wait4`` of that process; the
crawl window (start-up excluded) and per-call timings from :mod:`bench.probe`. Results are
printed as a table and written to ``bench/out/bench-*.json`` (and ``latest.json``).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

from bench import sitegen

ROOT = Path(__file__).resolve().parent.parent
RUNS = ("bare", "full", "s3", "wget", "replay")
CONCURRENCY = 16
WGET_REJECT = r"/(tag|author|category|feed|comments|wp-content|wp-includes|wp-json|page)/|\?|\.(jpe?g|png|css|js|xml)$"
TARGETS = {
    "full_vs_bare": 0.85,   # (b) keeps at least 85 % of (a)'s throughput
    "full_vs_wget": 5.0,    # (b) at least 5x wget's pages/s at 50 ms latency
    "cpu_ms_per_article": 8.0,
    "rss_growth": 0.20,     # peak RSS at the largest N within 20 % of N = 1,000
    "archive_block_ms": 5.0,  # "a few ms": max time one archive call holds the reactor
}


# -- processes ----------------------------------------------------------------------------------

def proc_cpu(pid: int) -> float:
    """utime + stime of a running process, from /proc (no psutil needed)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_measured(command: list[str], env: dict, cwd: Path, log: Path, timeout: float) -> dict:
    """Run a process to its end; its wall time, CPU and peak RSS (``os.wait4``: that child only)."""
    with open(log, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"returncode": proc.returncode, "wall_s": round(wall, 3),
            "cpu_s": round(usage.ru_utime + usage.ru_stime, 3), "peak_rss_mb": round(usage.ru_maxrss / 1024, 1)}


def wait_port(host: str, port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection((host, port), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"nothing listens on {host}:{port} after {timeout}s")
            time.sleep(0.1)


class Service:
    """A helper process (origin server, moto) started and stopped around runs."""

    def __init__(self, command: list[str], port: int, log: Path):
        self.log = open(log, "wb")
        self.proc = subprocess.Popen(command, cwd=ROOT, env=child_env(), stdout=self.log, stderr=subprocess.STDOUT)
        self.port = port
        try:
            wait_port("127.0.0.1", port)
        except RuntimeError:
            self.stop()
            raise RuntimeError(f"{command[2]} did not start on port {port} (busy? see {log})")

    def cpu(self) -> float:
        return proc_cpu(self.proc.pid)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def child_env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ARCHIVE_", "AWS_"))}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def server_stats(port: int) -> dict:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/__stats__", timeout=10) as resp:
        return json.load(resp)


# -- crawler runs -------------------------------------------------------------------------------

def scrapy_settings(kind: str, report: Path) -> dict[str, str]:
    """Benchmark settings: 16 connections, no AutoThrottle or delay; components per run kind."""
    from scrapy.settings import Settings

    project = Settings()
    project.setmodule("crawler.settings", priority="project")
    extensions = dict(project.getdict("EXTENSIONS"))
    middlewares = dict(project.getdict("DOWNLOADER_MIDDLEWARES"))
    pipelines = dict(project.getdict("ITEM_PIPELINES"))
    if kind == "bare":
        extensions = {k: None if k.startswith("pipelines.") else v for k, v in extensions.items()}
        middlewares["crawler.middlewares.ArchiveMiddleware"] = None
        pipelines = {k: v for k, v in pipelines.items() if k == "pipelines.validate.ValidationPipeline"}
    extensions["bench.probe.BenchProbe"] = 900
    return {
        "CONCURRENT_REQUESTS": str(CONCURRENCY), "CONCURRENT_REQUESTS_PER_DOMAIN": str(CONCURRENCY),
        "AUTOTHROTTLE_ENABLED": "False", "DOWNLOAD_DELAY": "0", "LOG_LEVEL": "INFO",
        "EXTENSIONS": json.dumps(extensions), "DOWNLOADER_MIDDLEWARES": json.dumps(middlewares),
        "ITEM_PIPELINES": json.dumps(pipelines), "ARCHIVE_BENCH_REPORT": str(report),
    }


def scrapy_run(kind: str, ctx: dict, work: Path, env: dict, extra_args: list[str] = ()) -> dict:
    report = work / "probe.json"
    command = [sys.executable, "-m", "scrapy", "crawl", "opsintels", "-a", f"base_url={ctx['origin']}", *extra_args]
    for name, value in scrapy_settings("bare" if kind == "bare" else "full", report).items():
        command += ["-s", f"{name}={value}"]
    result = run_measured(command, env, ROOT, work / "crawl.log", ctx["timeout"])
    if not report.exists():
        result["error"] = f"no probe report; see {work / 'crawl.log'}"
        return result
    probe = json.loads(report.read_text())
    stats = probe["stats"]
    result.update({
        "crawl_s": probe["wall_s"], "crawl_cpu_s": probe["cpu_s"],
        "responses": stats.get("downloader/response_count", 0),
        "articles": stats.get("item_scraped_count", 0),
        "extracted": stats.get("article/extracted", 0),
        "reactor_lag": probe["reactor_lag"], "timings": probe["timings"],
    })
    return result


def dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def run_bare(ctx: dict, work: Path) -> dict:
    env = child_env(ARCHIVE_URI=str(work / "archive"), ARCHIVE_SPOOL_DIR=str(work / "spool"))
    result = scrapy_run("bare", ctx, work, env)
    result["archive_bytes"] = dir_bytes(work / "archive") + dir_bytes(work / "spool")
    return result


def run_full(ctx: dict, work: Path) -> dict:
    env = child_env(ARCHIVE_URI=str(work / "archive"), ARCHIVE_SPOOL_DIR=str(work / "spool"))
    result = scrapy_run("full", ctx, work, env)
    result["archive_bytes"] = dir_bytes(work / "archive")
    ctx["full_archive"] = work / "archive"
    return result


def run_s3(ctx: dict, work: Path) -> dict:
    if importlib.util.find_spec("pipelines.s3") is None:
        return {"skipped": "pipelines.s3 is missing: S3 support has not landed in this checkout"}
    if importlib.util.find_spec("moto") is None:
        return {"skipped": "moto is not installed (pip install -e '.[test]')"}
    import boto3

    port = free_port()
    moto = Service([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)], port, work / "moto.log")
    try:
        endpoint = f"http://127.0.0.1:{port}"
        aws = {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": "us-east-1",
               "AWS_ENDPOINT_URL": endpoint}
        s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                          aws_access_key_id="bench", aws_secret_access_key="bench")
        s3.create_bucket(Bucket="bench")
        env = child_env(ARCHIVE_URI="s3://bench/archive", ARCHIVE_SPOOL_DIR=str(work / "spool"), **aws)
        cpu0 = moto.cpu()
        result = scrapy_run("full", ctx, work, env)
        result["moto_cpu_s"] = round(moto.cpu() - cpu0, 3)
        pages = s3.get_paginator("list_objects_v2").paginate(Bucket="bench")
        result["archive_bytes"] = sum(o["Size"] for page in pages for o in page.get("Contents", []))
        return result
    finally:
        moto.stop()


def run_wget(ctx: dict, work: Path) -> dict:
    wget = shutil.which("wget")
    if wget is None:
        return {"skipped": "wget is not installed (apt-get install wget)"}
    command = [wget, "--recursive", "--level=inf", "--no-verbose", "--tries=2", "--compression=gzip",
               f"--reject-regex={WGET_REJECT}", f"--directory-prefix={work / 'files'}",
               f"--warc-file={work / 'wget'}", "--no-warc-keep-log", ctx["origin"] + "/"]
    before = server_stats(ctx["port"])
    result = run_measured(command, child_env(), work, work / "wget.log", ctx["timeout"])
    after = server_stats(ctx["port"])
    result["responses"] = after["requests"] - before["requests"]
    result["crawl_s"], result["crawl_cpu_s"] = result["wall_s"], result["cpu_s"]
    result["articles"] = sum(1 for page in (work / "files").glob("*/*/index.html")
                             if page.parent.name.rsplit("-", 1)[-1].isdigit())
    result["archive_bytes"] = dir_bytes(work) - dir_bytes(work / "files") - (work / "wget.log").stat().st_size
    shutil.rmtree(work / "files", ignore_errors=True)
    return result


def replay_supported() -> bool:
    return importlib.util.find_spec("crawler.replay") is not None


def run_replay(ctx: dict, work: Path) -> dict:
    if not replay_supported():
        return {"skipped": "-a replay= is not supported in this checkout (no crawler.replay)"}
    if not ctx.get("full_archive"):
        return {"skipped": "needs the archive of the 'full' run"}
    env = child_env(ARCHIVE_URI=str(work / "archive"), ARCHIVE_SPOOL_DIR=str(work / "spool"))
    return scrapy_run("replay", ctx, work, env, ["-a", f"replay={ctx['full_archive']}"])


RUNNERS = {"bare": run_bare, "full": run_full, "s3": run_s3, "wget": run_wget, "replay": run_replay}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- metrics ------------------------------------------------------------------------------------

def derive(result: dict) -> None:
    """pages/s, CPU per page and per article, archive bytes per page, from a run's raw figures."""
    if "skipped" in result or not result.get("crawl_s"):
        return
    responses, articles = result.get("responses") or 0, result.get("articles") or 0
    result["pages_per_s"] = round(responses / result["crawl_s"], 1) if responses else 0.0
    result["cpu_ms_per_page"] = round(result["crawl_cpu_s"] / responses * 1e3, 2) if responses else None
    result["cpu_ms_per_article"] = round(result["crawl_cpu_s"] / articles * 1e3, 2) if articles else None
    if "archive_bytes" in result and responses:
        result["archive_bytes_per_page"] = round(result["archive_bytes"] / responses)


def checks(results: list[dict], articles: list[int]) -> list[dict]:
    """The targets, PASS/FAIL, from the runs of one invocation."""
    out = []

    def get(n, latency, kind):
        return next((r for r in results if r["articles_n"] == n and r["latency_ms"] == latency and r["run"] == kind
                     and "pages_per_s" in r), None)

    for n in articles:
        for latency in sorted({r["latency_ms"] for r in results}, reverse=True):
            full, bare, wget = get(n, latency, "full"), get(n, latency, "bare"), get(n, latency, "wget")
            where = f"N={n} {latency} ms"
            if full and bare and bare["pages_per_s"]:
                ratio = full["pages_per_s"] / bare["pages_per_s"]
                out.append({"target": f"full >= 85% of bare pages/s ({where})", "value": round(ratio, 3),
                            "ok": ratio >= TARGETS["full_vs_bare"]})
            if full and wget and wget["pages_per_s"] and latency == 50:
                ratio = full["pages_per_s"] / wget["pages_per_s"]
                out.append({"target": f"full >= 5x wget pages/s ({where})", "value": round(ratio, 2),
                            "ok": ratio >= TARGETS["full_vs_wget"]})
            if full and full.get("cpu_ms_per_article") is not None:
                out.append({"target": f"full crawler CPU <= 8 ms per article ({where})",
                            "value": full["cpu_ms_per_article"],
                            "ok": full["cpu_ms_per_article"] <= TARGETS["cpu_ms_per_article"]})
            if full and full.get("timings"):
                worst = max((t.get("max_ms", 0) for name, t in full["timings"].items()
                             if name in ("ArchiveMiddleware.process_response", "JsonLinesPipeline.process_item")),
                            default=0)
                out.append({"target": f"archive call holds the reactor <= 5 ms, max ({where})", "value": worst,
                            "ok": worst <= TARGETS["archive_block_ms"]})
            if full and full.get("articles") != n:
                out.append({"target": f"full archived every article ({where})", "value": full.get("articles"),
                            "ok": False})
    small, large = min(articles), max(articles)
    if large > small and small >= 1000:
        for latency in sorted({r["latency_ms"] for r in results}, reverse=True):
            a, b = get(small, latency, "full"), get(large, latency, "full")
            if a and b:
                growth = b["peak_rss_mb"] / a["peak_rss_mb"] - 1
                out.append({"target": f"full peak RSS at N={large} within 20% of N={small} ({latency} ms)",
                            "value": round(growth, 3), "ok": growth <= TARGETS["rss_growth"]})
    return out


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0)
    import scrapy

    wget = shutil.which("wget")
    wget_version = subprocess.run([wget, "--version"], capture_output=True, text=True).stdout.split("\n")[0] if wget else None
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gb": round(mem / 1024 / 1024, 1),
            "python": platform.python_version(), "scrapy": scrapy.__version__, "wget": wget_version,
            "loadavg_at_start": os.getloadavg()}


def table(results: list[dict]) -> str:
    cols = [("N", "articles_n"), ("lat ms", "latency_ms"), ("run", "run"), ("pages/s", "pages_per_s"),
            ("wall s", "wall_s"), ("CPU ms/page", "cpu_ms_per_page"), ("CPU ms/article", "cpu_ms_per_article"),
            ("peak RSS MB", "peak_rss_mb"), ("archive B/page", "archive_bytes_per_page"),
            ("server CPU s", "server_cpu_s"), ("vs bare", "vs_bare"), ("vs wget", "vs_wget")]
    rows = []
    for r in results:
        if "skipped" in r or "error" in r:
            why = f"skipped: {r['skipped']}" if "skipped" in r else f"failed: {r['error']}"
            rows.append([str(r["articles_n"]), str(r["latency_ms"]), r["run"], why])
            continue
        rows.append(["" if r.get(key) is None else str(r.get(key)) for _, key in cols])
    lines = ["| " + " | ".join(name for name, _ in cols) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


# -- main ---------------------------------------------------------------------------------------

def bench(articles: list[int], latencies: list[int], runs: list[str], out: Path, port: int,
          timeout: float = 3600) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    origin = f"http://127.0.0.1:{port}"
    results: list[dict] = []
    for n in articles:
        t0 = time.perf_counter()
        site = sitegen.build(out, n, origin)
        meta = json.loads((site / "meta.json").read_text())
        print(f"site N={n}: {meta['html_bytes'] / n / 1e3:.0f} KB HTML per page on average, "
              f"{meta['gzip_bytes'] / n / 1e3:.0f} KB gzipped (ready in {time.perf_counter() - t0:.0f}s)", flush=True)
        replayed = False
        for latency in latencies:
            server = Service([sys.executable, "-m", "bench.server", "--site", str(site), "--port", str(port),
                              "--latency", str(latency / 1000)], port, out / f"server-{stamp}.log")
            ctx = {"origin": origin, "port": port, "timeout": timeout}
            try:
                for kind in runs:
                    if kind == "replay" and replayed:
                        continue
                    work = out / "runs" / stamp / f"{n}-{latency}ms-{kind}"
                    shutil.rmtree(work, ignore_errors=True)
                    work.mkdir(parents=True)
                    cpu0 = server.cpu()
                    result = RUNNERS[kind](ctx, work)
                    result.update({"run": kind, "articles_n": n, "latency_ms": latency})
                    if "skipped" not in result:
                        result["server_cpu_s"] = round(server.cpu() - cpu0, 3) if kind != "replay" else 0.0
                        replayed = replayed or kind == "replay"
                    derive(result)
                    results.append(result)
                    print(f"  N={n} {latency:>3} ms {kind:<6} " + (
                        f"skipped: {result['skipped']}" if "skipped" in result else
                        f"FAILED (exit {result['returncode']}): {result['error']}" if "error" in result else
                        f"{result.get('pages_per_s')} pages/s, {result.get('cpu_ms_per_article')} ms CPU/article, "
                        f"{result['peak_rss_mb']} MB, exit {result['returncode']}"), flush=True)
            finally:
                server.stop()
            bare = {(r["articles_n"], r["latency_ms"]): r for r in results if r["run"] == "bare" and "pages_per_s" in r}
            wget = {(r["articles_n"], r["latency_ms"]): r for r in results if r["run"] == "wget" and "pages_per_s" in r}
            for r in results:
                key = (r["articles_n"], r["latency_ms"])
                if r["run"] in ("full", "s3") and "pages_per_s" in r:
                    if bare.get(key, {}).get("pages_per_s"):
                        r["vs_bare"] = round(r["pages_per_s"] / bare[key]["pages_per_s"], 2)
                    if wget.get(key, {}).get("pages_per_s"):
                        r["vs_wget"] = round(r["pages_per_s"] / wget[key]["pages_per_s"], 1)
    report = {"when": stamp, "machine": machine(), "concurrency": CONCURRENCY, "results": results,
              "checks": checks(results, articles)}
    text = json.dumps(report, indent=1, default=str)
    (out / f"bench-{stamp}.json").write_text(text)
    (out / "latest.json").write_text(text)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="N = 300 (under two minutes)")
    mode.add_argument("--long", action="store_true", help="N = 1,000, 10,000 and 50,000")
    parser.add_argument("--articles", type=int, nargs="+", help="site sizes (default 1000 10000)")
    parser.add_argument("--latency", type=int, nargs="+", default=[50, 0], help="origin latency, ms")
    parser.add_argument("--runs", default=",".join(RUNS), help=f"comma-separated subset of {','.join(RUNS)}")
    parser.add_argument("--port", type=int, default=18808, help="loopback port of the generated site")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per run before it is killed")
    args = parser.parse_args(argv)
    articles = args.articles or ([300] if args.quick else [1000, 10_000, 50_000] if args.long else [1000, 10_000])
    runs = [r.strip() for r in args.runs.split(",") if r.strip()]
    unknown = set(runs) - set(RUNS)
    if unknown:
        parser.error(f"unknown runs {sorted(unknown)}; known: {', '.join(RUNS)}")
    report = bench(articles, args.latency, runs, args.out, args.port, args.timeout)
    print()
    print(f"machine: {report['machine']}")
    print(table(report["results"]))
    for check in report["checks"]:
        print(f"{'PASS' if check['ok'] else 'FAIL'}  {check['target']}: {check['value']}")
    print(f"written: {args.out / 'latest.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
