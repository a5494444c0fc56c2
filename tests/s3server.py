"""moto's S3 in server mode on loopback, which tests can stop, restart and make fail.

Reached only over HTTP through boto3 with an endpoint URL, as a real MinIO would be. On top of
moto's ``ThreadedMotoServer`` it can really go away (listening socket and keep-alive connections
closed, so clients get "connection refused"), come back on the same port with the same data
(moto keeps its state in-process), stop by itself after N stored objects, and answer chosen
requests with an S3 ``InternalError``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import parse_qs

import boto3
from botocore.config import Config
from moto.moto_server.threaded_moto_server import ThreadedMotoServer
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import ThreadedWSGIServer

from tests.site.server import shutdown_all

ROOT = Path(__file__).resolve().parent.parent
# Distinctive fake credentials: tests grep every output for them.
ACCESS_KEY_ID = "AKIAFAKE7SECRETID42Z"
SECRET_ACCESS_KEY = "fAkE/s3cr3t+KeyNeverToBeLogged/0123456789"
SECRETS = (ACCESS_KEY_ID, SECRET_ACCESS_KEY)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class QuietHandler(MotoRequestHandler):
    def log_request(self, *args):  # keep test output readable
        pass


class TrackingServer(ThreadedWSGIServer):
    """Werkzeug's threaded server that can also cut its open keep-alive connections."""

    daemon_threads = True

    def __init__(self, *args, **kwargs):
        self.conns: set[socket.socket] = set()
        self.conns_lock = threading.Lock()
        super().__init__(*args, **kwargs)

    def process_request(self, request, client_address):
        with self.conns_lock:
            self.conns.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request):
        with self.conns_lock:
            self.conns.discard(request)
        super().shutdown_request(request)

    def cut_connections(self) -> None:
        with self.conns_lock:
            shutdown_all(list(self.conns))


class S3Server(ThreadedMotoServer):
    def __init__(self, port: int | None = None):
        super().__init__(ip_address="127.0.0.1", port=port or free_port(), verbose=False)
        self.fail = None          # callable(method, path, query, headers) -> bool: answer 500 InternalError
        self.stop_after = None    # stop by itself once this many objects were stored
        self.stored = 0           # objects completed (PutObject, CompleteMultipartUpload)
        self.failed = 0           # requests answered with an injected error
        self.running = False
        self._count_lock = threading.Lock()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    def _server_entry(self) -> None:
        self._server = TrackingServer("127.0.0.1", self._port, self._app, handler=QuietHandler)
        self._server_ready_event.set()
        self._server.serve_forever(poll_interval=0.05)

    def start(self) -> "S3Server":
        if not self.running:
            self._backend = getattr(self, "_backend", None) or DomainDispatcherApplication(create_backend_app)
            super().start()
            self.running = True
        return self

    def stop(self) -> None:
        if self.running:
            self.running = False
            server = self._server
            super().stop()
            server.server_close()
            server.cut_connections()

    def _app(self, environ, start_response):
        method = environ["REQUEST_METHOD"]
        query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        headers = {k[5:].lower().replace("_", "-"): v for k, v in environ.items() if k.startswith("HTTP_")}
        if self.fail is not None and self.fail(method, environ.get("PATH_INFO", ""), query, headers):
            length = int(environ.get("CONTENT_LENGTH") or 0)
            if length:
                environ["wsgi.input"].read(length)
            with self._count_lock:
                self.failed += 1
            start_response("500 Internal Server Error", [("Content-Type", "application/xml")])
            return [b"<Error><Code>InternalError</Code><Message>injected by the test</Message></Error>"]
        status = []

        def capture(code, headers, exc_info=None):
            status.append(code)
            return start_response(code, headers, exc_info)

        body = list(self._backend(environ, capture))
        stored = status and status[0].startswith("200") and (
            (method == "PUT" and "partNumber" not in query) or (method == "POST" and "uploadId" in query))
        if stored:
            with self._count_lock:
                self.stored += 1
                if self.stop_after is not None and self.stored >= self.stop_after:
                    self.stop_after = None
                    threading.Thread(target=self.stop, daemon=True).start()
        return body

    def client(self):
        return boto3.client("s3", endpoint_url=self.endpoint, region_name="us-east-1",
                            aws_access_key_id=ACCESS_KEY_ID, aws_secret_access_key=SECRET_ACCESS_KEY,
                            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}))

    def env(self, bucket: str, prefix: str = "archive") -> dict:
        """Environment of a crawl that stores into ``s3://bucket/prefix`` on this server."""
        return {
            "ARCHIVE_URI": f"s3://{bucket}/{prefix}",
            "AWS_ENDPOINT_URL_S3": self.endpoint,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY_ID,
            "AWS_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY,
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_CONFIG_FILE": os.devnull,
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            "ARCHIVE_S3_ADDRESSING_STYLE": "path",
            "ARCHIVE_S3_MAX_ATTEMPTS": "2",
        }


def run_scrapy(*args: str, env: dict, timeout: int = 120) -> subprocess.CompletedProcess:
    """A project command (``upload``, ``verify``) in a subprocess, as users run it."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    return subprocess.run([sys.executable, "-m", "scrapy", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=timeout)
