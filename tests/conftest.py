"""Shared fixtures: the local test site and a helper that runs a real crawl against it."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.site import TestSite

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def opsintels_site():
    with TestSite() as site:
        yield site


@dataclass
class CrawlResult:
    returncode: int
    log: str
    archive: Path
    spool: Path
    manifests: list[dict] = field(default_factory=list)

    @property
    def manifest(self) -> dict:
        assert len(self.manifests) == 1, f"expected one manifest, found {len(self.manifests)}"
        return self.manifests[0]

    def files(self, kind: str) -> list[Path]:
        return [self.archive / f["key"] for f in self.manifest["files"] if f["kind"] == kind]

    def items(self) -> list[dict]:
        out = []
        for path in self.files("items"):
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                out.extend(json.loads(line) for line in fh)
        return out


def run_crawl(spider: str, base_url: str | None, tmp_path: Path, *args: str, env: dict | None = None,
              settings: dict | None = None, timeout: int = 180) -> CrawlResult:
    """Run ``scrapy crawl`` in a subprocess, as users do, into a store under ``tmp_path``."""
    archive, spool = tmp_path / "archive", tmp_path / "spool"
    command = [sys.executable, "-m", "scrapy", "crawl", spider]
    if base_url:
        command += ["-a", f"base_url={base_url}"]
    command += list(args)
    fast = {"AUTOTHROTTLE_ENABLED": "False", "DOWNLOAD_DELAY": "0", "LOG_LEVEL": "INFO",
            "CONCURRENT_REQUESTS_PER_DOMAIN": "8", "RETRY_TIMES": "2"}
    for name, value in {**fast, **(settings or {})}.items():
        command += ["-s", f"{name}={value}"]
    environment = {**os.environ, "ARCHIVE_URI": str(archive), "ARCHIVE_SPOOL_DIR": str(spool),
                   "PYTHONPATH": str(ROOT), **(env or {})}
    proc = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True,
                          timeout=timeout)
    manifests = [json.loads(p.read_text()) for p in sorted(archive.rglob("manifest.json"))]
    return CrawlResult(proc.returncode, proc.stdout + proc.stderr, archive, spool, manifests)


@pytest.fixture
def crawl(tmp_path):
    def _crawl(spider, base_url, *args, **kwargs):
        return run_crawl(spider, base_url, tmp_path, *args, **kwargs)

    return _crawl


@pytest.fixture(scope="session")
def opsintels_crawl(opsintels_site, tmp_path_factory):
    """One full crawl of the OpsIntels test site, shared by the end-to-end tests."""
    opsintels_site.reset()
    result = run_crawl("opsintels", opsintels_site.base_url, tmp_path_factory.mktemp("opsintels"))
    assert result.returncode == 0, result.log[-5000:]
    return result
