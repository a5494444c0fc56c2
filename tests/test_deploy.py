"""deploy/: the recipes are linted and validated offline; Scrapyd runs a real deployed crawl."""

from __future__ import annotations

import configparser
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

import kubernetes_validate
import pytest
import yaml
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.project import get_project_settings

from tests.conftest import ROOT

DEPLOY = ROOT / "deploy"
BIN = Path(sys.executable).parent
K8S_VERSION = "1.30.0"  # oldest supported Kubernetes we validate against (timeZone is GA since 1.27)


def spider_names() -> list[str]:
    """Site spiders (the generic ``news`` spider needs ``-a site=``: scheduled per use)."""
    return [n for n in SpiderLoader.from_settings(get_project_settings()).list() if n != "news"]


def k8s_documents():
    for path in sorted((DEPLOY / "kubernetes").glob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text()):
            if doc:
                yield path.name, doc


# -- container image --------------------------------------------------------------------------

def test_dockerfile_is_lint_clean():
    proc = subprocess.run([str(BIN / "hadolint"), "--no-color", str(DEPLOY / "Dockerfile")],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_dockerfile_runs_scrapy_crawl_as_non_root_with_the_project_install():
    text = (DEPLOY / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.\d+-slim", text, re.M)
    user = re.findall(r"^USER (\S+)", text, re.M)
    assert user and user[-1].split(":")[0] not in ("root", "0")
    assert 'ENTRYPOINT ["scrapy", "crawl"]' in text
    assert "pip install --no-cache-dir ." in text  # pyproject.toml: the same install as `make crawl`


# -- Kubernetes --------------------------------------------------------------------------------

@pytest.mark.parametrize("name,doc", list(k8s_documents()), ids=lambda v: v if isinstance(v, str) else "")
def test_kubernetes_manifests_validate_offline(name, doc):
    kubernetes_validate.validate(doc, K8S_VERSION, strict=True)


def test_every_spider_has_a_cronjob_that_cannot_overlap():
    cronjobs = {doc["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]["args"][0]: doc
                for _, doc in k8s_documents() if doc["kind"] == "CronJob"}
    assert set(spider_names()) <= set(cronjobs)
    for spider, cron in cronjobs.items():
        spec = cron["spec"]
        assert spec["concurrencyPolicy"] == "Forbid"
        assert spec["startingDeadlineSeconds"] > 0
        job = spec["jobTemplate"]["spec"]
        pod = job["template"]["spec"]
        container = pod["containers"][0]
        assert container["resources"]["requests"]["cpu"] and container["resources"]["requests"]["memory"]
        secrets = [e for e in container["env"] if "secretKeyRef" in e.get("valueFrom", {})]
        assert {e["name"] for e in secrets} >= {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}
        assert not any("SECRET" in e["name"] and "value" in e for e in container["env"])
        # Grace for the final uploads, and the hard deadline above the crawl's own bound.
        assert pod["terminationGracePeriodSeconds"] >= 300
        timeout = int(next(a.split("=", 1)[1] for a in container["args"] if a.startswith("CLOSESPIDER_TIMEOUT=")))
        assert job["activeDeadlineSeconds"] >= timeout + pod["terminationGracePeriodSeconds"]


# -- systemd -----------------------------------------------------------------------------------

def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(DEPLOY / "systemd" / name)
    return parser


def test_systemd_timer_and_service_never_overlap_and_stop_gracefully():
    service, timer = unit("defense-news-crawler@.service"), unit("defense-news-crawler@.timer")
    assert timer["Timer"]["Unit"] == "defense-news-crawler@%i.service"
    assert service["Service"]["Type"] in ("exec", "simple", "oneshot")  # an active unit is never re-started
    assert "scrapy crawl %i" in service["Service"]["ExecStart"]
    assert service["Service"]["KillSignal"] == "SIGTERM" and service["Service"]["KillMode"] == "mixed"
    assert int(service["Service"]["TimeoutStopSec"]) >= 300


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not installed")
def test_systemd_units_verify(tmp_path):
    for name in ("defense-news-crawler@.service", "defense-news-crawler@.timer"):
        text = (DEPLOY / "systemd" / name).read_text().replace("/opt/defense-news-crawler", str(ROOT))
        (tmp_path / name.replace("@.", "@opsintels.")).write_text(text)
    units = sorted(str(p) for p in tmp_path.iterdir())
    proc = subprocess.run(["systemd-analyze", "verify", "--man=no", *units], capture_output=True, text=True)
    assert proc.returncode == 0 and not proc.stderr.strip(), proc.stderr


# -- docker compose ----------------------------------------------------------------------------

def test_compose_file_has_the_local_stack():
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"crawler", "minio", "redis"} <= set(services)
    crawler = services["crawler"]
    assert crawler["build"]["dockerfile"] == "deploy/Dockerfile"
    env = crawler["environment"]
    assert env["ARCHIVE_URI"].startswith("s3://") and env["AWS_ENDPOINT_URL"] == "http://minio:9000"
    assert "REDIS_URL" in env


# -- Scrapyd -----------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def api(base: str, endpoint: str, data: dict | list | None = None) -> dict:
    body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
    with urllib.request.urlopen(f"{base}/{endpoint}", data=body, timeout=10) as resp:
        return json.loads(resp.read())


def poll(check, what: str, limit: float = 120.0, every: float = 0.2):
    deadline = time.monotonic() + limit
    while True:
        value = check()
        if value:
            return value
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(every)


def test_scrapyd_deploys_schedules_and_archives(opsintels_site, tmp_path):
    assert (ROOT / "scrapy.cfg").read_text().count("url = http://127.0.0.1:6800/")  # the deploy target
    port, home = free_port(), tmp_path / "home"
    home.mkdir()
    (home / "scrapyd.conf").write_text(
        f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {port}\npoll_interval = 0.2\n"
        f"eggs_dir = {home / 'eggs'}\nlogs_dir = {home / 'logs'}\ndbs_dir = {home / 'dbs'}\nitems_dir =\n")
    # scrapyd-deploy reads targets from ~/.scrapy.cfg too: one pointing at this scrapyd.
    (home / ".scrapy.cfg").write_text(f"[deploy:test]\nurl = http://127.0.0.1:{port}/\nproject = crawler\n")
    env = {**os.environ, "HOME": str(home)}
    env.pop("PYTHONPATH", None)  # the job must run from the deployed egg, not from the checkout
    project = tmp_path / "project"  # build the egg outside the checkout (setup.py writes build/)
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(
        ".git", ".venv", "tests", "spool", "archive", "build", "*.egg-info", "__pycache__", ".pytest_cache"))
    scrapyd = subprocess.Popen([str(BIN / "scrapyd")], cwd=home, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        poll(lambda: _ok(base), "scrapyd to listen")
        egg = tmp_path / "crawler.egg"
        subprocess.run([str(BIN / "scrapyd-deploy"), "--build-egg", str(egg)], cwd=project, env=env, check=True,
                       capture_output=True)
        assert "crawler/schema/article.schema.json" in zipfile.ZipFile(egg).namelist()
        deploy = subprocess.run([str(BIN / "scrapyd-deploy"), "test", "--egg", str(egg), "-v", "1"],
                                cwd=project, env=env, capture_output=True, text=True)
        assert deploy.returncode == 0 and '"status": "ok"' in deploy.stdout, deploy.stdout + deploy.stderr
        assert set(spider_names()) <= set(api(base, "listspiders.json?project=crawler")["spiders"])

        opsintels_site.reset()
        archive, spool = tmp_path / "archive", tmp_path / "spool"
        settings = {"ARCHIVE_URI": archive, "ARCHIVE_SPOOL_DIR": spool, "AUTOTHROTTLE_ENABLED": False,
                    "DOWNLOAD_DELAY": 0, "CONCURRENT_REQUESTS_PER_DOMAIN": 8}
        job = api(base, "schedule.json", [("project", "crawler"), ("spider", "opsintels"),
                                          ("base_url", opsintels_site.base_url)]
                  + [("setting", f"{k}={v}") for k, v in settings.items()])
        assert job["status"] == "ok", job
        poll(lambda: any(j["id"] == job["jobid"] for j in api(base, "listjobs.json?project=crawler")["finished"]),
             "the job to finish")
    finally:
        scrapyd.terminate()
        scrapyd.wait(timeout=30)
    log = next((home / "logs").rglob(f"{job['jobid']}.log")).read_text()
    [manifest_path] = list(archive.rglob("manifest.json"))
    manifest = json.loads(manifest_path.read_text())
    assert manifest["ok"], log[-3000:]
    assert manifest["counts"]["items"] == len([a for a in opsintels_site.articles if a.get("expect_item", True)])


def _ok(base: str) -> bool:
    try:
        return api(base, "daemonstatus.json")["status"] == "ok"
    except OSError:
        return False
