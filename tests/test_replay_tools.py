"""Our WARCs in other people's tools: pywb replays them, wget archives the same exchanges.

pywb pins old redis and setuptools, so it lives in its own virtual environment, made once
under ``.cache/pywb`` (or ``$ARCHIVE_PYWB_VENV``). If pip cannot install it, the test is
skipped and says why.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from pipelines import warcio_compat  # noqa: F401  (br records readable)
from tests.conftest import ROOT

PYWB_VENV = Path(os.environ.get("ARCHIVE_PYWB_VENV", ROOT / ".cache" / "pywb"))
PYWB_SPEC = "pywb>=2.9,<3"


def captures(warcs):
    """(record, decoded payload) of every response record, in order."""
    out = []
    for path in warcs:
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "response":
                    out.append((record, record.content_stream().read()))
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def pywb_bin():
    wayback = PYWB_VENV / "bin" / "wayback"
    if not wayback.exists():
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(PYWB_VENV)], check=True)
        pip = subprocess.run([str(PYWB_VENV / "bin" / "pip"), "install", "--quiet", PYWB_SPEC],
                             capture_output=True, text=True, timeout=600)
        if pip.returncode != 0 or not wayback.exists():
            shutil.rmtree(PYWB_VENV, ignore_errors=True)
            pytest.skip(f"pywb could not be installed in its own venv ({PYWB_SPEC}): {pip.stderr.strip()[-500:]}")
    return wayback.parent


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _get(url: str):
    """(status, headers, decoded body) without following redirects."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        response = opener.open(url, timeout=30)
    except urllib.error.HTTPError as err:
        response = err
    body = response.read()
    if (response.headers.get("Content-Encoding") or "").lower() == "gzip":
        body = gzip.decompress(body)
    return response.status if hasattr(response, "status") else response.code, response.headers, body


@pytest.fixture(scope="module")
def wayback(pywb_bin, opsintels_crawl, tmp_path_factory):
    home = tmp_path_factory.mktemp("pywb")
    env = {**os.environ, "PATH": f"{pywb_bin}:{os.environ['PATH']}"}
    subprocess.run([str(pywb_bin / "wb-manager"), "init", "crawl"], cwd=home, env=env, check=True,
                   capture_output=True)
    added = subprocess.run([str(pywb_bin / "wb-manager"), "add", "crawl", *map(str, opsintels_crawl.files("warc"))],
                           cwd=home, env=env, capture_output=True, text=True)
    assert added.returncode == 0, added.stderr
    port = _free_port()
    proc = subprocess.Popen([str(pywb_bin / "wayback"), "-p", str(port), "-b", "127.0.0.1", "-t", "4"],
                            cwd=home, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while True:  # wait for the listening socket (the server has no other readiness signal)
        assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
        assert time.monotonic() < deadline, "wayback did not start listening"
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/crawl"
    proc.terminate()
    proc.wait(timeout=30)


def test_pywb_replays_every_article_with_its_status_and_body(wayback, opsintels_crawl):
    by_id = {r.rec_headers.get_header("WARC-Record-ID"): (r, body) for r, body in captures(opsintels_crawl.files("warc"))}
    items = opsintels_crawl.items()
    assert items
    for item in items:
        record, live = by_id[item["warc"]["record_id"]]
        ts = record.rec_headers.get_header("WARC-Date")
        stamp = "".join(c for c in ts if c.isdigit())[:14]
        status, _, body = _get(f"{wayback}/{stamp}id_/{item['url']}")
        assert status == int(record.http_headers.get_statuscode()) == 200, item["url"]
        assert hashlib.sha1(body).hexdigest() == hashlib.sha1(live).hexdigest(), item["url"]
        direct = _get(item["url"])  # the live page now (a re-armed one-shot 500 is retried once)
        direct = direct if direct[0] == 200 else _get(item["url"])
        assert hashlib.sha1(body).hexdigest() == hashlib.sha1(direct[2]).hexdigest(), item["url"]


def test_pywb_replays_a_301_with_its_location(wayback, opsintels_crawl):
    moved = [(r, b) for r, b in captures(opsintels_crawl.files("warc")) if r.http_headers.get_statuscode() == "301"]
    assert moved
    record, _ = moved[0]
    stamp = "".join(c for c in record.rec_headers.get_header("WARC-Date") if c.isdigit())[:14]
    url = record.rec_headers.get_header("WARC-Target-URI")
    status, headers, _ = _get(f"{wayback}/{stamp}id_/{url}")
    assert status == 301
    assert headers["Location"].endswith(record.http_headers.get_header("Location"))


def test_wget_archives_the_same_exchanges(opsintels_crawl, opsintels_site, tmp_path):
    if shutil.which("wget") is None:
        pytest.skip("wget is not installed (.ci/run installs it)")
    ours = captures(opsintels_crawl.files("warc"))
    urls = sorted({r.rec_headers.get_header("WARC-Target-URI") for r, _ in ours})
    opsintels_site.reset()  # re-arm the one-shot 500, as for our crawl

    def wget(name: str, url_list: list[str]) -> list:
        (tmp_path / f"{name}.txt").write_text("\n".join(url_list) + "\n")
        subprocess.run(["wget", "--quiet", "--input-file", f"{name}.txt", "--warc-file", name,
                        "--no-warc-compression", "--max-redirect", "0", "--tries", "1", "--delete-after",
                        "--no-directories", "--content-on-error"], cwd=tmp_path, capture_output=True)
        return captures([tmp_path / f"{name}.warc"])

    # The retry of a 5xx is a second wget run: wget 1.21's own --retry-on-http-error writes the
    # retried 200 record short by the length of the 500 body (Content-Length 52402, 51550 bytes).
    theirs = wget("first", urls)
    failed = sorted({r.rec_headers.get_header("WARC-Target-URI") for r, _ in theirs
                     if r.http_headers.get_statuscode().startswith("5")})
    theirs += wget("retry", failed) if failed else []

    def triples(caps):
        return {(r.rec_headers.get_header("WARC-Target-URI"), r.http_headers.get_statuscode(),
                 hashlib.sha1(body).hexdigest()) for r, body in caps}

    assert triples(theirs) == triples(ours)
