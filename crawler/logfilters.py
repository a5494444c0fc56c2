"""Network failures are expected events: log them in one line, not with a traceback."""

from __future__ import annotations

import logging

NETWORK_ERRORS = (
    "DNSLookupError", "CannotResolveHostError", "ConnectError", "ConnectionRefusedError",
    "TCPTimedOutError", "TimeoutError", "ConnectionLost", "ResponseNeverReceived",
    "ConnectionDone", "NoRouteError", "DownloadTimeoutError", "DownloadConnectionRefusedError",
    "DownloadFailedError", "ResponseFailed",
)
# Loggers that attach tracebacks to network failures they merely report.
NOISY_LOGGERS = ("scrapy.downloadermiddlewares.robotstxt", "scrapy.core.scraper")


class OneLineNetworkErrors(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        chain = []
        while exc is not None and len(chain) < 5:
            chain.append(type(exc).__name__)
            exc = exc.__cause__ or exc.__context__
        if any(name in NETWORK_ERRORS for name in chain):
            record.exc_info = None
            record.exc_text = None
        return True


def install() -> None:
    """Idempotent: attach the filter once per logger."""
    for name in NOISY_LOGGERS:
        log = logging.getLogger(name)
        if not any(isinstance(f, OneLineNetworkErrors) for f in log.filters):
            log.addFilter(OneLineNetworkErrors())
