"""SQL queries per page, warm, with the page cache off and on.

Uses Django's test Client in this process (the same settings as the server)
and CaptureQueriesContext: one request to warm up, then one measured request.
With the cache on, the measured request is the second anonymous GET, which the
page cache should answer without any query.

Usage: python scripts/bench/queries.py PLAN.json OUT.json
"""

from __future__ import annotations

import json
import statistics
import sys
import time

from django_setup import setup

setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from ehch.pagecache import content_changed  # noqa: E402

HOST = "127.0.0.1"
TIMED = 7  # requests timed per page and cache setting, after the counted one


def count(url: str, cache_seconds: int) -> dict:
    """Queries of one warm anonymous GET of ``url``, and its median time.

    The time (in this process, no HTTP) is what one request costs on its own:
    with the cache off it is the cost of every cache miss under load.
    """
    with override_settings(PAGE_CACHE_SECONDS=cache_seconds):
        client = Client(HTTP_HOST=HOST)  # a new client loads the middleware anew
        first = client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        # Read the count now: the captured list is a slice of the connection's
        # query log, which the next request empties.
        query_count = len(queries)
        timings = []
        for _ in range(TIMED):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
    return {
        "status": response.status_code,
        "first_status": first.status_code,
        "queries": query_count,
        "page_cache": response.get("X-Page-Cache", ""),
        "median_ms": round(statistics.median(timings), 1),
    }


def main(plan_path: str, out_path: str) -> dict:
    """Count every read page of the plan; write and return the result."""
    plan = json.loads(open(plan_path).read())  # noqa: SIM115
    content_changed()  # start from an empty page cache
    result = {}
    for name, url in plan["reads"].items():
        result[name] = {
            "url": url,
            "cache_off": count(url, 0),
            "cache_on": count(url, 600),
        }
    with open(out_path, "w") as out:
        json.dump(result, out, indent=2)
    return result


if __name__ == "__main__":
    for page, row in main(sys.argv[1], sys.argv[2]).items():
        print(  # noqa: T201
            f"{page:18} cache off: {row['cache_off']['queries']:3} queries "
            f"(HTTP {row['cache_off']['status']}); cache on: "
            f"{row['cache_on']['queries']:3} ({row['cache_on']['page_cache'] or '-'}); "
            f"{row['cache_off']['median_ms']} ms uncached"
        )
