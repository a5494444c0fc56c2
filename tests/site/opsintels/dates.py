"""Date helpers: the snapshot 'now', WordPress human_time_diff, HTTP/RSS dates."""

from datetime import datetime, timezone
from email.utils import format_datetime

# The moment the mirror was taken: relative dates ("3 weeks ago") are computed
# from it so pages are byte-for-byte stable. The seed article reads "3 weeks ago".
NOW = datetime(2025, 9, 12, 10, 0, 0, tzinfo=timezone.utc)


def parse(iso):
    return datetime.fromisoformat(iso)


def human_time_diff(iso, now=NOW):
    """WordPress human_time_diff() + ' ago' (units rounded, months of 30 days)."""
    diff = max((now - parse(iso)).total_seconds(), 1)
    units = [(365 * 86400, "year"), (30 * 86400, "month"), (7 * 86400, "week"),
             (86400, "day"), (3600, "hour"), (60, "min")]
    for i, (size, name) in enumerate(units):
        if diff >= size:
            n = max(round(diff / size), 1)
            return f"{n} {name}{'s' if n != 1 else ''} ago"
    return f"{int(diff)} secs ago"


def rfc822(iso):
    """RSS pubDate as WordPress prints it: always in GMT, '+0000'."""
    return parse(iso).astimezone(timezone.utc).strftime("%a, %d %b %Y %H:%M:%S +0000")


def http_date(iso):
    return format_datetime(parse(iso).astimezone(timezone.utc), usegmt=True)


def now_iso():
    """Wall-clock now, second precision, UTC offset (for runtime edits)."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()
