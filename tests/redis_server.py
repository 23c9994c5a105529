"""A Redis server of a test's own, which the test may stop and start again.

The suite's shared Redis (REDIS_URL, scripts/services/redis.sh) must keep
running for the tests after; a test of an outage starts Debian's
redis-server on a free loopback port instead, stops it for real and brings
it back on the same port.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import redis

MISSING = (
    "redis-server is not installed; the Redis tests need Debian's "
    "(make redis, or apt-get install -y redis-server)"
)


def free_port() -> int:
    """A loopback port nothing listens on now."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


class RedisServer:
    """One redis-server process on loopback, nothing kept on disk."""

    def __init__(self, folder: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError(MISSING)
        self.binary = binary
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def client(self) -> redis.Redis:
        """A plain redis-py client, to look behind the cache's back."""
        return redis.Redis.from_url(self.url, socket_timeout=2)

    def start(self) -> None:
        """Start the server and wait until it answers PING."""
        self.process = subprocess.Popen(  # noqa: S603 - a fixed binary, our arguments
            [
                self.binary,
                *("--bind", "127.0.0.1", "--port", str(self.port)),
                *("--save", "", "--appendonly", "no", "--dir", str(self.folder)),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                if self.client().ping():
                    return
            except redis.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError(
                        f"redis-server did not start on {self.url}"
                    ) from None
                time.sleep(0.05)

    def stop(self) -> None:
        """Stop the server (its data goes with it)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None
